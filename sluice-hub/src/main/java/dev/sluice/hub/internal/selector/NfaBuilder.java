package dev.sluice.hub.internal.selector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Builds an {@link Nfa} backwards: every method takes the state to continue with and returns the
 * state to start from, so shared tails and loops need no patching of dangling arrows. A fragment
 * that may appear several times (a repeated group) is an {@link IntUnaryOperator} from its
 * continuation to its start, compiled once per copy.
 *
 * <p>The builder refuses to grow past {@code maxStates}: that bounds both the memory of a compiled
 * selector and, with the input length, the cost of every match.
 *
 * <p>This class is not thread-safe.
 */
final class NfaBuilder {
  private final int maxStates;
  private final String expression;
  private byte[] kind = new byte[16];
  private int[] arg = new int[16];
  private int[] out1 = new int[16];
  private int[] out2 = new int[16];
  private final List<CharSet> sets = new ArrayList<>();
  private int size;

  NfaBuilder(int maxStates, String expression) {
    this.maxStates = maxStates;
    this.expression = expression;
  }

  int accept() {
    return add(Nfa.ACCEPT, 0, -1, -1);
  }

  int codePoint(int cp, int next) {
    return add(Nfa.CODE_POINT, cp, next, -1);
  }

  int set(CharSet set, int next) {
    int index = sets.indexOf(set);
    if (index < 0) {
      index = sets.size();
      sets.add(set);
    }
    return add(Nfa.SET, index, next, -1);
  }

  int split(int first, int second) {
    return add(Nfa.SPLIT, 0, first, second);
  }

  /** The code points of {@code text}, in order. */
  int literal(String text, int next) {
    int state = next;
    for (int i = text.length(); i > 0; ) {
      int cp = Character.codePointBefore(text, i);
      i -= Character.charCount(cp);
      state = codePoint(cp, state);
    }
    return state;
  }

  int optional(IntUnaryOperator body, int next) {
    return split(body.applyAsInt(next), next);
  }

  /** Zero or more times. */
  int star(IntUnaryOperator body, int next) {
    int loop = split(-1, next);
    int start = body.applyAsInt(loop); // may reallocate out1: assign after
    out1[loop] = start;
    return loop;
  }

  /** One or more times. */
  int plus(IntUnaryOperator body, int next) {
    int loop = split(-1, next);
    int start = body.applyAsInt(loop);
    out1[loop] = start;
    return start;
  }

  /** Between {@code min} and {@code max} times; {@code max < 0} means no upper bound. */
  int repeat(IntUnaryOperator body, int min, int max, int next) {
    int tail;
    if (max < 0) {
      tail = star(body, next);
    } else {
      tail = next;
      for (int i = min; i < max; i++) {
        tail = split(body.applyAsInt(tail), next);
      }
    }
    for (int i = 0; i < min; i++) {
      tail = body.applyAsInt(tail);
    }
    return tail;
  }

  Nfa build(int start) {
    return new Nfa(
        Arrays.copyOf(kind, size),
        Arrays.copyOf(arg, size),
        Arrays.copyOf(out1, size),
        Arrays.copyOf(out2, size),
        sets.toArray(new CharSet[0]),
        start);
  }

  int size() {
    return size;
  }

  private int add(byte k, int a, int o1, int o2) {
    if (size == maxStates) {
      throw InvalidSelectorException.tooComplex(expression, maxStates);
    }
    if (size == kind.length) {
      int capacity = Math.min(maxStates, size * 2);
      kind = Arrays.copyOf(kind, capacity);
      arg = Arrays.copyOf(arg, capacity);
      out1 = Arrays.copyOf(out1, capacity);
      out2 = Arrays.copyOf(out2, capacity);
    }
    kind[size] = k;
    arg[size] = a;
    out1[size] = o1;
    out2[size] = o2;
    return size++;
  }
}
