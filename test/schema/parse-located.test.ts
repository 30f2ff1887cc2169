import { describe, expect, it } from 'vitest';
import { parseLocated } from '../../src/schema/parse-located';

describe('parseLocated', () => {
  it('names the line of a value in YAML', () => {
    expect(parseLocated('a: 1\nb: [2, 3]\n', { file: 'x.yaml', format: 'yaml' }).lineOf(['b', 1])).toBe(2);
  });

  it('reads a JSON or YAML file that starts with a byte-order mark, as editors on Windows write them', () => {
    const json = parseLocated('\uFEFF{\n  "name": "bom"\n}\n', { file: 'x.json', format: 'json' });
    expect(json.value).toEqual({ name: 'bom' });
    expect(json.lineOf(['name'])).toBe(2);
    expect(parseLocated('\uFEFFname: bom\n', { file: 'x.yaml', format: 'yaml' }).value).toEqual({ name: 'bom' });
  });

  it('names the file and line of invalid JSON where the parser gives a position, the file alone otherwise', () => {
    expect(() => parseLocated('{\n  "a": 1\n}\nx', { file: 'x.json', format: 'json' })).toThrow(
      /^x\.json:4: invalid JSON/,
    );
    expect(() => parseLocated('{\n  "name": \n}', { file: 'x.json', format: 'json' })).toThrow(
      /^x\.json: invalid JSON/,
    );
  });
});
