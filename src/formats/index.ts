// src/formats: the reader layer. One module per on-disk format, detected from content (registry.ts).

// The interface every format implements

export type {
  Detection,
  FormatReader,
  FormatReadOptions,
  FormatReport,
  FormatRow,
  VariantReport,
} from './format-reader';
export { type InputCompleteness, UNKNOWN_COMPLETENESS } from './input-completeness';
export type { NamedInputs, VariantSource } from './name-variants';
export { type FormatProbe, PROBE_BYTES, probeInput } from './probe-input';

// The formats, in detection order

export { detectInputFormat, FORMATS, formatByName, formatNames } from './registry';
