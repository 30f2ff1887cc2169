import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../reports/html/json-for-script';
import { escapeHtml, escapeMarkdown, escapeXml } from '../../reports/index';
import { HOSTILE } from './fixtures';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(HOSTILE.img)).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('replaces unpaired surrogates and keeps pairs', () => {
    expect(escapeHtml('a\uD800b\uDC00c 🚀')).toBe('a\uFFFDb\uFFFDc 🚀');
  });

  test.prop([fc.string({ unit: 'binary' })])('never leaves a tag opener, a quote or a raw ampersand', (text) => {
    const out = escapeHtml(text);
    expect(out).not.toMatch(/[<>"']/);
    expect(out).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`a < b & "c" 'd' \u0000\u001B\uFFFE`)).toBe(
      'a &lt; b &amp; &quot;c&quot; &apos;d&apos; \uFFFD\uFFFD\uFFFD',
    );
  });

  it('keeps tabs and newlines in content and writes them as references in attributes', () => {
    expect(escapeXml('a\tb\nc')).toBe('a\tb\nc');
    expect(escapeXml('a\tb\nc\r', { attribute: true })).toBe('a&#9;b&#10;c&#13;');
  });
});

describe('escapeMarkdown', () => {
  it('escapes pipes, backticks, emphasis, links and HTML, and joins lines', () => {
    expect(escapeMarkdown(HOSTILE.markdown)).toBe(
      'a \\| b \\`code\\` \\*bold\\* \\[link\\](http&#8203;://x) \\_u\\_ \\# h',
    );
    expect(escapeMarkdown(HOSTILE.script)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('one\ntwo\r\nthree\u2028four')).toBe('one two three four');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
  });

  test.prop([fc.string()])('never leaves an unescaped pipe, backtick or angle bracket', (text) => {
    const out = escapeMarkdown(text);
    expect(out).not.toMatch(/(^|[^\\])(\\\\)*[|`]/);
    expect(out).not.toMatch(/[<>\n\r]/);
  });
});

describe('jsonForScript', () => {
  it('hides </script>, <!-- and line separators, and parses back to the same value', () => {
    const value = { item: HOSTILE.closeScript, note: '<!-- x -->', unicode: HOSTILE.unicode };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
