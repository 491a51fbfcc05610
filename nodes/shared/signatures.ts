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

interface Member {
	/** The key as it stands in the body, quotes and escapes included. */
	keyToken: string;
	/** The decoded key, to sort by. */
	key: string;
	/** The value's text as it stands in the body. */
	valueText: string;
}

/** The end (exclusive) of the JSON string token that starts at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
	let index = start + 1;
	while (index < text.length) {
		if (text[index] === '\\') index += 2;
		else if (text[index] === '"') return index + 1;
		else index++;
	}
	throw new SyntaxError('Unterminated string');
}

/** Splits a JSON object's text into its top-level members, keeping each value's raw text. */
function topLevelMembers(body: string): Member[] {
	const text = body.trim();
	if (!text.startsWith('{') || !text.endsWith('}')) throw new SyntaxError('Not a JSON object');
	const members: Member[] = [];
	let index = 1;
	const skipSpace = () => {
		while (/\s/.test(text[index] ?? '')) index++;
	};
	skipSpace();
	if (text[index] === '}') return members;
	while (index < text.length) {
		skipSpace();
		if (text[index] !== '"') throw new SyntaxError('Expected a key');
		const keyEnd = stringEnd(text, index);
		const keyToken = text.slice(index, keyEnd);
		index = keyEnd;
		skipSpace();
		if (text[index] !== ':') throw new SyntaxError('Expected ":"');
		index++;
		const valueStart = index;
		let depth = 0;
		while (index < text.length) {
			const char = text[index];
			if (char === '"') {
				index = stringEnd(text, index);
				continue;
			}
			if (char === '{' || char === '[') depth++;
			else if (char === '}' || char === ']') {
				if (depth === 0) break;
				depth--;
			} else if (char === ',' && depth === 0) break;
			index++;
		}
		members.push({ keyToken, key: JSON.parse(keyToken) as string, valueText: text.slice(valueStart, index).trim() });
		if (text[index] === '}') break;
		index++; // the comma
	}
	return members;
}

/** Rewrites a JSON text without whitespace, each string token through `encode`. */
function rewriteJson(text: string, encode: (token: string) => string): string {
	let output = '';
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (char === '"') {
			const end = stringEnd(text, index);
			output += encode(text.slice(index, end));
			index = end;
		} else {
			if (!/\s/.test(char)) output += char;
			index++;
		}
	}
	return output;
}

const asReceived = (token: string) => token;
const encodeWith =
	(escapeSlashes: boolean, escapeUnicode: boolean) =>
	(token: string): string => {
		let encoded = JSON.stringify(JSON.parse(token) as string);
		if (escapeSlashes) encoded = encoded.replace(/\//g, '\\/');
		if (escapeUnicode) {
			encoded = encoded.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
		}
		return encoded;
	};

/**
 * The texts morune (like enot.io) may have signed for a notification body: its top-level keys
 * sorted, serialized compactly, with `/` and non-ASCII characters unescaped (as its docs say)
 * or escaped (as PHP's json_encode does), and the strings exactly as received. Numbers and the
 * order of nested keys are always kept as received.
 */
export function moruneSignedTexts(rawBody: string): string[] {
	const members = topLevelMembers(rawBody).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const encoders = [
		asReceived,
		encodeWith(false, false),
		encodeWith(true, false),
		encodeWith(false, true),
		encodeWith(true, true),
	];
	const texts = encoders.map(
		(encode) =>
			`{${members.map((member) => `${rewriteJson(member.keyToken, encode)}:${rewriteJson(member.valueText, encode)}`).join(',')}}`,
	);
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
