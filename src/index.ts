// verdict: the runner, the store, the analysis and the schemas. Statistics: 'verdict/stats'; renderers: 'verdict/reports'.

export { InputError } from './schema/input-error';
export { VERSION } from './version';
