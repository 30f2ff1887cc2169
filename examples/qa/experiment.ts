/**
 * A self-contained experiment: no imports, no network, no API key. Two versions of a toy "model"
 * (a calculator that reads the question) answer 60 arithmetic questions; the second version has a bug
 * in subtraction of larger numbers, the kind of regression verdict is for.
 *
 *   npx verdict run examples/qa/experiment.ts --out runs/qa
 *   npx verdict compare runs/qa --baseline calculator-v1 --candidate calculator-v2 --by tags.category
 */
function calculate(question: string): number {
  const [, a, op, b] = /(-?\d+) ([-+*]) (-?\d+)/.exec(question) ?? [];
  const [x, y] = [Number(a), Number(b)];
  return op === '+' ? x + y : op === '*' ? x * y : x - y;
}

export default {
  name: 'qa-example',
  items: { path: 'items.jsonl' },
  variants: {
    'calculator-v1': async (input: unknown) => String(calculate(String(input))),
    // v2 "optimises" subtraction and gets it wrong when the second number is larger than 50.
    'calculator-v2': async (input: unknown) => {
      const question = String(input);
      const answer = calculate(question);
      const b = Number(/- (\d+)\?/.exec(question)?.[1] ?? 0);
      return String(b > 50 ? Math.abs(answer) : answer);
    },
  },
  // The default scorer compares the output with `expected` as text; written out here to show the shape.
  score: (output: unknown, item: { expected?: unknown }) => String(output).trim() === item.expected,
};
