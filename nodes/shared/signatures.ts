import { createHash, createHmac, timingSafeEqual } from 'crypto';

/** Lower-case hex SHA-256 of a UTF-8 text. */
export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Lower-case hex HMAC-SHA256 of a UTF-8 text. */
export function hmacSha256Hex(key: string, text: string): string {
	return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/**
 * Compares a received signature with the expected one in constant time (for equal lengths;
 * a different length is compared against itself so that it takes the same time, then fails).
 */
export function signaturesMatch(received: unknown, expected: string): boolean {
	const given = Buffer.from(typeof received === 'string' ? received.trim().toLowerCase() : '', 'utf8');
	const wanted = Buffer.from(expected, 'utf8');
	if (given.length !== wanted.length) {
		timingSafeEqual(wanted, wanted);
		return false;
	}
	return timingSafeEqual(given, wanted);
}

/**
 * aaio's order signature: SHA-256 of `merchant_id:amount:currency:secret:order_id`, over the
 * strings exactly as sent or received. Secret key 1 signs a payment URL request, secret key 2
 * a payment notification.
 */
export function aaioOrderSignature(
	fields: { merchantId: string; amount: string; currency: string; orderId: string },
	secret: string,
): string {
	return sha256Hex([fields.merchantId, fields.amount, fields.currency, secret, fields.orderId].join(':'));
}

/** aaio's payout notification signature: SHA-256 of `id:secret:amount_down`. */
export function aaioPayoutSignature(fields: { id: string; amountDown: string }, secret: string): string {
	return sha256Hex([fields.id, secret, fields.amountDown].join(':'));
}

/** The serializations morune may have signed, in the order they are tried. */
const VARIANTS = [
	{ reencode: false, escapeSlashes: false, escapeUnicode: false }, // the strings as received
	{ reencode: true, escapeSlashes: false, escapeUnicode: false }, // as morune's docs say
	{ reencode: true, escapeSlashes: true, escapeUnicode: false },
	{ reencode: true, escapeSlashes: false, escapeUnicode: true },
	{ reencode: true, escapeSlashes: true, escapeUnicode: true }, // as PHP's json_encode does
];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether a char code is JSON whitespace. */
const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** The end (exclusive) of the JSON string token that starts at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
	let index = start + 1;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code === BACKSLASH) index += 2;
		else if (code === QUOTE) return index + 1;
		else index++;
	}
	throw new SyntaxError('Unterminated string');
}

/** Whether a string token reads the same in every variant: no escape, no `/`, ASCII only. */
function isPlainToken(token: string): boolean {
	for (let index = 1; index < token.length - 1; index++) {
		const code = token.charCodeAt(index);
		if (code === BACKSLASH || code === 0x2f || code > 0x7f) return false;
	}
	return true;
}

/** A string token written as one variant serializes it. */
function encodeToken(token: string, variant: (typeof VARIANTS)[number]): string {
	if (!variant.reencode) return token;
	let encoded = JSON.stringify(JSON.parse(token) as string);
	if (variant.escapeSlashes) encoded = encoded.replace(/\//g, '\\/');
	if (variant.escapeUnicode) {
		encoded = encoded.replace(
			/[\u0080-\uffff]/g,
			(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
		);
	}
	return encoded;
}

/** One top-level member: its decoded key (to sort by) and its text in each variant. */
interface Member {
	key: string;
	texts: string[];
}

/**
 * Splits a JSON object's text into its top-level members in one pass, writing each member
 * compactly (whitespace outside strings dropped) in every variant at once. Plain string
 * tokens (almost all of them) are shared by the variants, so the work is linear in the body
 * and a string is decoded only when it holds an escape, a `/` or a non-ASCII character.
 */
function topLevelMembers(body: string): Member[] {
	let start = 0;
	let end = body.length;
	while (start < end && isSpace(body.charCodeAt(start))) start++;
	while (end > start && isSpace(body.charCodeAt(end - 1))) end--;
	if (body[start] !== '{' || body[end - 1] !== '}') throw new SyntaxError('Not a JSON object');
	const members: Member[] = [];
	let index = start + 1;
	const skipSpace = () => {
		while (index < end - 1 && isSpace(body.charCodeAt(index))) index++;
	};
	skipSpace();
	if (index === end - 1) return members;
	while (index < end - 1) {
		skipSpace();
		if (body.charCodeAt(index) !== QUOTE) throw new SyntaxError('Expected a key');
		const keyEnd = stringEnd(body, index);
		const keyToken = body.slice(index, keyEnd);
		const parts: string[][] = VARIANTS.map(() => []);
		const addToken = (token: string) => {
			if (isPlainToken(token)) for (const part of parts) part.push(token);
			else VARIANTS.forEach((variant, at) => parts[at].push(encodeToken(token, variant)));
		};
		addToken(keyToken);
		for (const part of parts) part.push(':');
		index = keyEnd;
		skipSpace();
		if (body[index] !== ':') throw new SyntaxError('Expected ":"');
		index++;
		let depth = 0;
		let literalStart = -1;
		const flushLiteral = (upTo: number) => {
			if (literalStart === -1) return;
			const literal = body.slice(literalStart, upTo);
			for (const part of parts) part.push(literal);
			literalStart = -1;
		};
		while (index < end - 1) {
			const code = body.charCodeAt(index);
			if (code === QUOTE) {
				flushLiteral(index);
				const tokenEnd = stringEnd(body, index);
				addToken(body.slice(index, tokenEnd));
				index = tokenEnd;
				continue;
			}
			if (isSpace(code)) {
				flushLiteral(index);
				index++;
				continue;
			}
			if (code === 0x7b || code === 0x5b) depth++;
			else if (code === 0x7d || code === 0x5d) {
				if (depth === 0) throw new SyntaxError('Unbalanced brackets');
				depth--;
			} else if (code === 0x2c && depth === 0) break;
			if (literalStart === -1) literalStart = index;
			index++;
		}
		flushLiteral(index);
		if (depth !== 0) throw new SyntaxError('Unbalanced brackets');
		members.push({ key: JSON.parse(keyToken) as string, texts: parts.map((part) => part.join('')) });
		index++; // the comma, or past the end
	}
	return members;
}

/**
 * The texts morune (like enot.io) may have signed for a notification body: its top-level keys
 * sorted, serialized compactly, with `/` and non-ASCII characters unescaped (as its docs say)
 * or escaped (as PHP's json_encode does), and the strings exactly as received. Numbers and the
 * order of nested keys are always kept as received. The work is one pass over the body.
 */
export function moruneSignedTexts(rawBody: string): string[] {
	const members = topLevelMembers(rawBody).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const texts = VARIANTS.map((_, at) => `{${members.map((member) => member.texts[at]).join(',')}}`);
	return [...new Set(texts)];
}

/**
 * Whether `signature` (the x-api-sha256-signature header) is the HMAC-SHA256 of the body with
 * `key`, in any serialization morune may have signed. A body that is not a JSON object fails.
 */
export function verifyMoruneSignature(rawBody: string, signature: unknown, key: string): boolean {
	let texts: string[];
	try {
		texts = moruneSignedTexts(rawBody);
	} catch {
		return false;
	}
	// Every candidate is compared, so the time taken does not depend on which one matched.
	return texts
		.map((text) => signaturesMatch(signature, hmacSha256Hex(key, text)))
		.reduce((matched, match) => matched || match, false);
}
