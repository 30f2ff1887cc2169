// verdict/reports: renderers of the Verdict document. Pure Vega-Lite chart builders usable in notebooks.

// The input contract
export * from './verdict-document';
