// A toy model as a command: the question on stdin, the answer on stdout.
// --mode strict answers exactly; --mode rounded rounds products to the nearest ten (a "cheaper" model).
import { readFileSync } from 'node:fs';

const mode = process.argv[process.argv.indexOf('--mode') + 1] ?? 'strict';
const question = readFileSync(0, 'utf8');
const [, a, op, b] = /(-?\d+) ([-+*]) (-?\d+)/.exec(question) ?? [];
const [x, y] = [Number(a), Number(b)];
let answer = op === '+' ? x + y : op === '*' ? x * y : x - y;
if (mode === 'rounded' && op === '*') answer = Math.round(answer / 10) * 10;
process.stdout.write(`${answer}\n`);
