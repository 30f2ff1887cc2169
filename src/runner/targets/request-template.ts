import type { TargetContext } from '../../schema/experiment-definition';
import { InputError } from '../../schema/input-error';

/**
 * `{{input}}`, `{{input.question}}`, `{{item.id}}`, `{{item.tags.lang}}`, `{{variant}}`, `{{sample}}`,
 * `{{seed}}`, `{{attempt}}` and `{{env.NAME}}`, spaces inside the braces allowed. Text that does not
 * match (a lone `{{`, `{{ 1 }}`) is left as it is.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;
const WHOLE = new RegExp(`^${PLACEHOLDER.source}$`);

const CELL_NAMES = new Set(['variant', 'sample', 'seed', 'attempt']);

/** Where a template was written, for the error naming an unknown placeholder or an unset variable. */
export interface TemplateSource {
  readonly field: string;
}

/**
 * A request template (a URL, a header, a JSON body) compiled once: placeholders are checked when the
 * target is built, environment variables read then (an unset one is an InputError naming the field),
 * and `secrets` holds their values so that the target can redact them from everything it stores.
 * Why not a template library (mustache, handlebars): a JSON body needs typed substitution (a whole
 * `"{{input}}"` string becomes the input's JSON value, an array of messages stays an array), which
 * text templating cannot do, and there is nothing else to render.
 */
export class RequestTemplate {
  readonly #env: NodeJS.ProcessEnv;
  readonly secrets: string[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.#env = env;
  }

  /** Check every placeholder of `value` (strings anywhere in a JSON value) and read its variables. */
  check(value: unknown, source: TemplateSource): void {
    if (typeof value === 'string') {
      for (const match of value.matchAll(PLACEHOLDER)) this.#checkName(match[1]!, source);
    } else if (Array.isArray(value)) {
      for (const [index, entry] of value.entries()) this.check(entry, { field: `${source.field}[${index}]` });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, entry] of Object.entries(value)) this.check(entry, { field: `${source.field}.${key}` });
    }
  }

  /** A string with its placeholders replaced by text (`encode` applied to each: encodeURIComponent for a URL). */
  text(template: string, ctx: TargetContext, input: unknown, encode: (text: string) => string = (t) => t): string {
    return template.replace(PLACEHOLDER, (_, name: string) => encode(asText(this.#value(name, ctx, input))));
  }

  /**
   * A JSON value with its placeholders replaced: a string that is one placeholder becomes the value
   * itself (`"{{input}}"` with an array input is the array); placeholders inside longer strings become
   * text (strings as they are, anything else as JSON). Keys are not templated.
   */
  json(template: unknown, ctx: TargetContext, input: unknown): unknown {
    if (typeof template === 'string') {
      const whole = WHOLE.exec(template);
      if (whole !== null) return this.#value(whole[1]!, ctx, input) ?? null;
      return this.text(template, ctx, input);
    }
    if (Array.isArray(template)) return template.map((entry) => this.json(entry, ctx, input));
    if (typeof template === 'object' && template !== null)
      return Object.fromEntries(Object.entries(template).map(([key, entry]) => [key, this.json(entry, ctx, input)]));
    return template;
  }

  #checkName(name: string, { field }: TemplateSource): void {
    const [head, ...rest] = name.split('.');
    if (head === 'env') {
      const variable = rest.join('.');
      const value = this.#env[variable];
      if (rest.length !== 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
        throw new InputError(`{{${name}}}: expected {{env.NAME}} with an environment variable's name`, { field });
      if (value === undefined || value === '')
        throw new InputError(`environment variable ${variable} is not set (used as {{${name}}})`, { field });
      this.secrets.push(value);
      return;
    }
    if (head === 'input' || (head === 'item' && rest.length > 0 && ['id', 'tags'].includes(rest[0]!))) return;
    if (CELL_NAMES.has(head!) && rest.length === 0) return;
    throw new InputError(
      `unknown placeholder {{${name}}}: expected {{input}}, {{input.FIELD}}, {{item.id}}, {{item.tags.NAME}}, {{variant}}, {{sample}}, {{seed}}, {{attempt}} or {{env.NAME}}`,
      { field },
    );
  }

  #value(name: string, ctx: TargetContext, input: unknown): unknown {
    const [head, ...rest] = name.split('.');
    switch (head) {
      case 'env':
        return this.#env[rest.join('.')];
      case 'input':
      case 'item': {
        const value = pathInto(head === 'input' ? input : ctx.item, rest);
        // A missing field is the item's problem, not a reason to send `null`: the cell fails saying so.
        if (value === undefined)
          throw new Error(`the request template's {{${name}}} has no value for item ${JSON.stringify(ctx.item.id)}`);
        return value;
      }
      case 'variant':
        return ctx.variant;
      case 'sample':
        return ctx.sample;
      case 'seed':
        return ctx.seed;
      case 'attempt':
        return ctx.attempt;
      default:
        return undefined;
    }
  }
}

/** `value.a.b` by own keys only (a template must not reach `__proto__` or `constructor`). */
function pathInto(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const asText = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
