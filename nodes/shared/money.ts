/**
 * Money amounts, read once for both providers: the amounts of aaio payouts and payment URLs and
 * of morune invoices and payouts.
 *
 * What the providers take (from their documentation as stored; the pages carry no dates):
 * - aaio, Payout → Create: `amount` "double / int", "Сумма вывода в RUB" — always RUB, whatever
 *   the method sends (USD, USDT, BTC and UAH are what aaio converts to, not what is asked for);
 *   its examples have two decimals (`485.00`) [wiki.aaio.so/api/vyvod-sredstv].
 * - aaio, Create Payment URL: `amount` double with a point, example `100.18`, currencies RUB,
 *   UAH, EUR, USD [wiki.aaio.so/priem-platezhei/sozdanie-zakaza-zaprosom-rekomenduem].
 * - morune (the enot.io API): invoices take `amount` number, "Если в сумме есть копейки, то
 *   отправляйте их с разделителем "." Пример: 10.28", currencies RUB, USD, EUR, UAH
 *   [docs.enot.io/e/new/create-invoice = doc.morune.com/e/new/create-invoice]; payouts take
 *   `amount` number, in RUB [docs.enot.io/e/new/new-create-withdraw, new-payment-info].
 * So every amount the nodes send has at most two fraction digits. Minimums and maximums are per
 * account and method (aaio's Get Methods, morune's payment tariffs), so the provider checks them.
 *
 * The amount that is sent is the shortest decimal text of the value: `100.50` is sent as
 * `100.5`, `100.00` as `100`, `007` as `7`. That is the text a JavaScript or PHP number of that
 * value prints as (and what aaio's recommended Python SDK signs: `str(100.5)`), so aaio's
 * signature over the amount holds whether aaio checks it against the text it received or
 * against the number it read; it is also exactly the JSON number morune receives. At most 12
 * digits before the point and 2 after keep it within the 15 significant digits that a double
 * holds exactly, so the number and the text never differ.
 */

export interface MoneyRules {
	/** Digits after the decimal point the provider takes (2 for every amount here). */
	maxFractionDigits?: number;
	/** Digits before the decimal point (12 unless told; at most 15 − maxFractionDigits). */
	maxIntegerDigits?: number;
	/** Who takes the amount, named in the messages ("aaio", "morune"). */
	provider?: string;
}

/** The amount as it is to be sent (and signed), or a sentence telling the user what to fix. */
export type MoneyRead = { amount: string } | { problem: string };

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^\d+(?:\.\d+)?e[+-]?\d+$/i;
const EXAMPLE = 'such as 100 or 100.50';

/** A value as the user sees it in a message; very long ones shortened. */
function quotedAmount(text: string, quoted: boolean): string {
	const short = text.length > 40 ? `${text.slice(0, 16)}…${text.slice(-4)}` : text;
	const body = quoted ? `"${short}"` : short;
	return text.length > 40 ? `${body} (${text.length} characters)` : body;
}

/** Rounds a plain decimal text half up to `digits` fraction digits, exactly (no floating point). */
function roundHalfUp(int: string, fraction: string, digits: number): string {
	const kept = `${int}${fraction.slice(0, digits).padEnd(digits, '0')}`;
	const roundUp = Number(fraction.charAt(digits) || '0') >= 5;
	let out = '';
	let carry = roundUp ? 1 : 0;
	for (let i = kept.length - 1; i >= 0; i--) {
		const sum = Number(kept[i]) + carry;
		out = String(sum % 10) + out;
		carry = sum >= 10 ? 1 : 0;
	}
	if (carry) out = `1${out}`;
	const whole = out.slice(0, out.length - digits).replace(/^0+(?=\d)/, '') || '0';
	return digits ? `${whole}.${out.slice(out.length - digits)}` : whole;
}

/** The shortest decimal text of a plain decimal: no leading zeros, no trailing fraction zeros. */
function shortest(int: string, fraction = ''): { int: string; fraction: string } {
	return { int: int.replace(/^0+(?=\d)/, ''), fraction: fraction.replace(/0+$/, '') };
}

/**
 * Reads an amount of money from a node parameter: a decimal text with a point (`1500.50`), or a
 * number from an expression when its shortest text (`String(n)`) is such a decimal. Returns the
 * text to send, or a problem that shows the value and how to fix it. `label` names the field in
 * the message ("amount" → "The amount …").
 */
export function readMoney(value: unknown, label: string, rules: MoneyRules = {}): MoneyRead {
	const maxFraction = rules.maxFractionDigits ?? 2;
	const maxInteger = Math.min(rules.maxIntegerDigits ?? 12, 15 - maxFraction);
	const provider = rules.provider ?? 'the provider';
	const the = `The ${label}`;
	const problem = (text: string): MoneyRead => ({ problem: text });

	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return problem(`${the} is empty: enter an amount ${EXAMPLE}.`);
	}
	const isNumber = typeof value === 'number';
	if (!isNumber && typeof value !== 'string') {
		return problem(`${the} is not an amount ${EXAMPLE} (got ${quotedAmount(JSON.stringify(value) ?? String(value), false)}).`);
	}
	const text = isNumber ? String(value) : (value as string).trim();
	const show = quotedAmount(text, !isNumber);
	const toFixed = `.toFixed(${maxFraction})`;

	if (isNumber) {
		const number = value as number;
		if (!Number.isFinite(number)) return problem(`${the} ${show} is not an amount ${EXAMPLE}.`);
		if (number <= 0) return problem(`${the} ${show} must be more than 0.`);
		if (!Number.isSafeInteger(Math.trunc(number)) || (EXPONENT.test(text) && number >= 1)) {
			return problem(
				`${the} ${show} is too large: ${provider} takes at most ${maxInteger} digits before the decimal point.`,
			);
		}
		if (EXPONENT.test(text)) {
			return problem(
				`${the} ${show} has more than ${maxFraction} digits after the decimal point; ${provider} takes at most ${maxFraction}.`,
			);
		}
	} else {
		if (/\s/.test(text)) {
			const joined = text.replace(/\s/g, '');
			const hint = PLAIN.test(joined) ? `, as ${joined}` : ` (1000, not 1 000)`;
			return problem(`${the} ${show} has spaces: write it without spaces or thousands separators${hint}.`);
		}
		if (text.includes(',')) {
			let hint = ' (1500.50, not 1500,50 or 1,500.50)';
			if (/^\d+,\d+$/.test(text)) hint = `, as ${text.replace(',', '.')}`;
			return problem(
				`${the} ${show} has a comma: write it with a point as the decimal separator and no thousands separator${hint}.`,
			);
		}
		if (/^-/.test(text) && PLAIN.test(text.slice(1))) return problem(`${the} ${show} must be more than 0.`);
		if (/^\+/.test(text) && PLAIN.test(text.slice(1))) {
			return problem(`${the} ${show} has a sign: write it without one, as ${text.slice(1)}.`);
		}
		if (EXPONENT.test(text)) {
			const plain = String(Number(text));
			const hint = PLAIN.test(plain) ? `, ${plain}` : '';
			return problem(`${the} ${show} is in exponent notation: write it as a plain decimal number${hint}.`);
		}
	}

	const match = PLAIN.exec(text);
	if (!match) return problem(`${the} ${show} is not a number ${EXAMPLE}.`);
	const { int, fraction } = shortest(match[1], match[2]);
	if (int === '0' && fraction === '') return problem(`${the} ${show} must be more than 0.`);
	if (int.length > maxInteger) {
		return problem(
			`${the} ${show} is too large: it has ${int.length} digits before the decimal point, and ${provider} takes at most ${maxInteger}.`,
		);
	}
	if (fraction.length > maxFraction) {
		const digits = `${fraction.length} digits after the decimal point, and ${provider} takes at most ${maxFraction}`;
		if (isNumber) {
			return problem(
				`${the} ${show} has ${digits}: it is floating-point noise from a calculation (0.1 + 0.2 gives 0.30000000000000004). ` +
					`Round it in the expression with ${toFixed}, e.g. {{ ($json.amount * 1.2)${toFixed} }}; here that gives ${(value as number).toFixed(maxFraction)}.`,
			);
		}
		return problem(
			`${the} ${show} has ${digits}: write the amount you mean, e.g. ${roundHalfUp(int, fraction, maxFraction)} ` +
				`(if it comes from an expression, round it there with ${toFixed}).`,
		);
	}
	return { amount: fraction ? `${int}.${fraction}` : int };
}

/**
 * The shortest decimal text of an amount a provider echoes (`485`, `485.00`, `"485.5"`), for
 * comparing it with what was sent; undefined when it is not a plain non-negative amount with at
 * most `maxFractionDigits` significant fraction digits.
 */
export function moneyText(value: unknown, maxFractionDigits = 2): string | undefined {
	if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) return undefined;
	if (typeof value !== 'number' && typeof value !== 'string') return undefined;
	const match = PLAIN.exec(typeof value === 'number' ? String(value) : value.trim());
	if (!match) return undefined;
	const { int, fraction } = shortest(match[1], match[2]);
	if (fraction.length > maxFractionDigits) return undefined;
	return fraction ? `${int}.${fraction}` : int;
}

/** Whether two amounts (numbers or decimal texts) are the same money: `1000`, `"1000.00"`, 1000. */
export function sameMoney(a: unknown, b: unknown, maxFractionDigits = 2): boolean {
	const left = moneyText(a, maxFractionDigits);
	return left !== undefined && left === moneyText(b, maxFractionDigits);
}

/** A number an answer holds: plain decimal digits, with a sign and a fraction or not. */
const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A JSON number, or a string holding one (`"1592.03"`), as a number; otherwise undefined. */
export function toAmount(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
	return undefined;
}

function decimalsOf(value: number): number {
	const [, fraction = ''] = String(value).split('.');
	return fraction.length;
}

/** Adds amounts without binary floating-point noise (0.1 + 0.2 gives 0.3). */
export function sumAmounts(...amounts: number[]): number {
	const scale = 10 ** Math.max(0, ...amounts.map(decimalsOf));
	const total = amounts.reduce((sum, amount) => sum + Math.round(amount * scale), 0);
	return total / scale;
}
