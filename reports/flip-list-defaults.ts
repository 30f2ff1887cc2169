/**
 * How many flipped items each report lists per direction unless told (`verdict compare --flips N`). A
 * pull-request comment must stay short (GitHub cuts a comment at 65,536 characters); the HTML report opens
 * long texts on demand, so it holds more. The JSON document lists every flip. A module of its own so the CLI's
 * help can show the defaults without loading the renderers (the HTML one brings vega).
 */
export const DEFAULT_HTML_MAX_FLIPS = 50;
export const DEFAULT_MARKDOWN_MAX_FLIPS = 10;
