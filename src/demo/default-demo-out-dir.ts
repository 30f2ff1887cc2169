/** Where `verdict demo` runs without --out (its own module, so the CLI's help needs nothing else of the demo). */
export const DEFAULT_DEMO_OUT_DIR = 'runs/demo';
