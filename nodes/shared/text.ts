/* Text utilities for messages: bounded texts, excerpts of pages, Retry-After. */

/** Cuts a text to `length` characters, saying it was cut. */
export function bounded(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Tags that do not part words on a page. */
const INLINE_TAG = /^<\/?(a|abbr|b|code|em|font|i|mark|s|small|span|strong|sub|sup|u)[\s/>]/i;

/**
 * A short, single-line excerpt of a non-JSON body (an HTML error page, say): markup, scripts
 * and styles removed, spaces collapsed. One pass that stops once it has `length` characters, so
 * its cost does not grow with the body.
 */
export function excerpt(body: string, length = 200): string {
	let text = '';
	let space = false;
	let index = 0;
	let lower: string | undefined;
	while (index < body.length && text.length <= length) {
		const char = body[index];
		if (char === '<') {
			const close = body.indexOf('>', index);
			if (close === -1) break;
			const tag = /^<(script|style)\b/i.exec(body.slice(index, index + 8));
			if (tag) lower ??= body.toLowerCase();
			const end = tag && lower ? lower.indexOf(`</${tag[1].toLowerCase()}`, close) : -1;
			// An inline tag inside a word (`ab<b></b>cd`) joins it, as a page shows it; any other parts words.
			if (!INLINE_TAG.test(body.slice(index, Math.min(close + 1, index + 10)))) space = true;
			index = tag && end !== -1 ? body.indexOf('>', end) + 1 || body.length : close + 1;
			continue;
		}
		if (/\s/.test(char)) {
			space = true;
		} else {
			if (space && text) text += ' ';
			space = false;
			text += char;
		}
		index++;
	}
	return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Seconds to wait, from a Retry-After header (seconds or an HTTP date). */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now) / 1000));
}

/** A text as a sentence: its own full stop (or ! ? …) kept, one added where it has none. */
export function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
