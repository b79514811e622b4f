package dev.sluice.hub.internal.selector;

/**
 * A compiled, immutable nondeterministic automaton over code points, simulated breadth-first
 * (Thompson's construction, Pike's simulation without captures). Each input code point advances
 * every live state at most once, so a match costs at most (code points × states) steps, whatever
 * the pattern: there is no backtracking to blow up. Built by {@link NfaBuilder}.
 *
 * <p>Instances are immutable and safe to share between threads; each call allocates its own work
 * lists.
 */
final class Nfa {
  static final byte CODE_POINT = 0;
  static final byte SET = 1;
  static final byte SPLIT = 2;
  static final byte ACCEPT = 3;

  private final byte[] kind;
  private final int[] arg; // the code point, or the index into sets
  private final int[] out1;
  private final int[] out2; // second branch of a SPLIT
  private final CharSet[] sets;
  private final int start;

  Nfa(byte[] kind, int[] arg, int[] out1, int[] out2, CharSet[] sets, int start) {
    this.kind = kind;
    this.arg = arg;
    this.out1 = out1;
    this.out2 = out2;
    this.sets = sets;
    this.start = start;
  }

  int size() {
    return kind.length;
  }

  /** Whether the automaton accepts all of {@code input}; false too if the meter runs out. */
  boolean matches(CharSequence input, StepMeter meter) {
    int n = kind.length;
    int[] current = new int[n];
    int[] next = new int[n];
    int[] mark = new int[n];
    int[] stack = new int[2 * n + 1];
    int generation = 1;
    int count = closure(start, current, 0, mark, generation, stack, meter);
    for (int i = 0; i < input.length(); ) {
      int cp = Character.codePointAt(input, i);
      i += Character.charCount(cp);
      generation++;
      int nextCount = 0;
      meter.spend(count);
      for (int j = 0; j < count; j++) {
        int s = current[j];
        if (accepts(s, cp)) {
          nextCount = closure(out1[s], next, nextCount, mark, generation, stack, meter);
        }
      }
      int[] swap = current;
      current = next;
      next = swap;
      count = nextCount;
      if (count == 0 || meter.exhausted()) {
        return false;
      }
    }
    if (meter.exhausted()) {
      return false; // the start closure (empty input) or the caller's earlier work spent it
    }
    for (int j = 0; j < count; j++) {
      if (kind[current[j]] == ACCEPT) {
        return true;
      }
    }
    return false;
  }

  private boolean accepts(int state, int cp) {
    switch (kind[state]) {
      case CODE_POINT:
        return arg[state] == cp;
      case SET:
        return sets[arg[state]].contains(cp);
      default:
        return false;
    }
  }

  /** Adds {@code from} and every state reachable from it without input to {@code list}. */
  private int closure(
      int from, int[] list, int count, int[] mark, int generation, int[] stack, StepMeter meter) {
    int top = 0;
    stack[top++] = from;
    int visited = 0;
    while (top > 0) {
      int s = stack[--top];
      if (mark[s] == generation) {
        continue;
      }
      mark[s] = generation;
      visited++;
      if (kind[s] == SPLIT) {
        stack[top++] = out2[s];
        stack[top++] = out1[s];
      } else {
        list[count++] = s;
      }
    }
    meter.spend(visited);
    return count;
  }
}
