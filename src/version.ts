import packageJson from '../package.json' with { type: 'json' };

/** verdict's version, from package.json. */
export const VERSION: string = packageJson.version;
