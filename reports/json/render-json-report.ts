import { VerdictDocument } from '../../src/schema/verdict-document';

/**
 * The Verdict document as pretty-printed JSON (two-space indent, trailing newline), validated first so a file
 * written here always parses back with `VerdictDocument.parse`. Keys not in the schema are dropped.
 * @throws {ZodError} if `doc` is not a valid Verdict document
 * @example VerdictDocument.parse(JSON.parse(renderJsonReport(doc))) // deep-equals doc
 */
export const renderJsonReport = (doc: VerdictDocument): string =>
  `${JSON.stringify(VerdictDocument.parse(doc), null, 2)}\n`;
