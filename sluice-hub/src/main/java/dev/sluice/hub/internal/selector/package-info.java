/**
 * The hub's one selector room: topic selectors ({@link dev.sluice.hub.internal.selector.SelectorEngine}
 * names the concepts), and the subscriber index. Internal: not API, anything here may change
 * in any release.
 *
 * <p>Selectors never reach {@link java.util.regex}: URI templates, URL patterns and the regular
 * expressions allowed inside URL patterns are compiled to a small automaton ({@link
 * dev.sluice.hub.internal.selector.Nfa}) that is simulated breadth-first, so matching costs at most
 * (input length × automaton size) steps whatever the selector, and a step budget aborts it before
 * that.
 *
 * <p>Every parameter and return value in this package is non-null unless its Javadoc says otherwise.
 */
package dev.sluice.hub.internal.selector;
