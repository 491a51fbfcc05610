import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	PreSendAction,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readMoney } from './money';
import type { Provider } from './provider';

/*
 * Input checks, for both nodes: each operation lists the checks of its body or query, and the
 * item is refused, before anything is sent, with the first problem found.
 */

/**
 * Checks one field of what is about to be sent (the JSON body or the query), and may tidy it
 * (trim a text, turn "100.50" into 100.5, drop an empty optional field). Returns what is wrong.
 */
export type FieldCheck = (fields: IDataObject) => string | undefined;

/**
 * A preSend action that runs the checks on the request body (`'body'`) or query (`'qs'`) and
 * refuses the item, before anything is sent, when one of them finds a problem.
 */
export function checkRequest(provider: Provider, where: 'body' | 'qs', ...checks: FieldCheck[]): PreSendAction {
	return async function (
		this: IExecuteSingleFunctions,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const fields = (requestOptions[where] ?? {}) as IDataObject;
		for (const check of checks) {
			const problem = check(fields);
			if (problem) {
				throw new NodeOperationError(this.getNode(), problem, {
					itemIndex: this.getItemIndex(),
					description: `Fix the node's parameters. Nothing was sent to ${provider.name}.`,
				});
			}
		}
		return requestOptions;
	};
}

const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const asJson = (value: unknown) => JSON.stringify(value);

/**
 * A required amount of money, read by money.ts: a decimal text with a point or a number from an
 * expression, with at most two decimals (every amount either provider takes: payments and
 * payouts in kopecks or cents at most). It is sent `as` the shortest text of its value ("100.50"
 * goes out as "100.5", what aaio signs) or as a JSON number whose text is exactly that (morune).
 */
export function amount(provider: Provider, key: string, label: string): FieldCheck {
	return (fields) => {
		const read = readMoney(fields[key], label, { maxFractionDigits: 2, provider: provider.name });
		if ('problem' in read) return read.problem;
		fields[key] = provider.formBodies ? read.amount : Number(read.amount);
		return undefined;
	};
}

/** A required value that must be one of `allowed`. */
export function oneOfValues(key: string, label: string, allowed: string[]): FieldCheck {
	return (fields) => {
		const value = String(fields[key] ?? '').trim();
		if (!allowed.includes(value)) return `The ${label} ${asJson(value)} is not one of ${allowed.join(', ')}.`;
		fields[key] = value;
		return undefined;
	};
}

/** A text that must match `pattern`, explained by `rule` when it does not. */
export function pattern(key: string, label: string, regex: RegExp, rule: string): FieldCheck {
	return (fields) => {
		const value = String(fields[key] ?? '').trim();
		if (!regex.test(value)) return `The ${label} ${asJson(value)} is not valid: ${rule}.`;
		fields[key] = value;
		return undefined;
	};
}

interface TextRules {
	/** Refuse the item when the text is empty; otherwise an empty text is not sent. */
	required?: boolean;
	max?: number;
	/** Refuse spaces and line breaks inside (a wallet, a service code). */
	oneWord?: boolean;
}

/** A text: trimmed, its length and form checked. */
export function text(key: string, label: string, rules: TextRules = {}): FieldCheck {
	return (fields) => {
		const value = fields[key];
		if (isBlank(value)) {
			delete fields[key];
			return rules.required ? `Enter the ${label}.` : undefined;
		}
		const trimmed = String(value).trim();
		if (rules.max !== undefined && trimmed.length > rules.max) {
			return `The ${label} is ${trimmed.length} characters long; at most ${rules.max} are accepted.`;
		}
		if (rules.oneWord && /\s/.test(trimmed)) {
			return `The ${label} ${asJson(trimmed)} contains spaces: enter it without spaces or line breaks.`;
		}
		fields[key] = trimmed;
		return undefined;
	};
}

/** An optional http(s) address. */
export function url(key: string, label: string, max?: number): FieldCheck {
	const checkText = text(key, label, { max });
	return (fields) => {
		const problem = checkText(fields);
		if (problem || fields[key] === undefined) return problem;
		let parsed: URL | undefined;
		try {
			parsed = new URL(String(fields[key]));
		} catch {
			parsed = undefined;
		}
		if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
			return `The ${label} ${asJson(fields[key])} is not a valid http(s) address, like https://example.com/paid.`;
		}
		return undefined;
	};
}

/** An optional whole number greater than 0. */
export function positiveInteger(key: string, label: string): FieldCheck {
	return (fields) => {
		const value = fields[key];
		if (isBlank(value)) {
			delete fields[key];
			return undefined;
		}
		const number = typeof value === 'string' ? Number(value.trim()) : value;
		if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
			return `The ${label} must be a whole number greater than 0 (got ${asJson(value)}).`;
		}
		fields[key] = number;
		return undefined;
	};
}

/** An optional text that must hold JSON (morune echoes it back in the webhook). */
export function jsonText(key: string, label: string, max: number): FieldCheck {
	const checkText = text(key, label, { max });
	return (fields) => {
		const problem = checkText(fields);
		if (problem || fields[key] === undefined) return problem;
		try {
			JSON.parse(String(fields[key]));
		} catch {
			return `The ${label} must be JSON, like {"user": 1} (got ${asJson(fields[key])}).`;
		}
		return undefined;
	};
}

/** An optional comma-separated list, sent as an array of its non-empty entries. */
export function list(key: string): FieldCheck {
	return (fields) => {
		const value = fields[key];
		const entries = (Array.isArray(value) ? value : String(value ?? '').split(','))
			.map((entry) => String(entry).trim())
			.filter((entry) => entry !== '');
		if (entries.length) fields[key] = entries;
		else delete fields[key];
		return undefined;
	};
}

/** Of two ways to name one thing (an ID or an order ID), the one the node sends must be filled in. */
export function oneOf(labels: Record<string, string>): FieldCheck {
	return (fields) => {
		const key = Object.keys(labels).find((name) => fields[name] !== undefined);
		if (key === undefined) return `Enter the ${Object.values(labels).join(' or the ')}.`;
		return text(key, labels[key], { required: true, max: 255 })(fields);
	};
}
