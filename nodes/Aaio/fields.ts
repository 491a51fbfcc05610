import type { IDataObject } from 'n8n-workflow';

import { toAmount } from '../shared/balance';
import type { Simplified } from '../shared/output';

/**
 * How one field of an aaio answer becomes a field of the clean item: `text` (a string),
 * `amount` (a JSON number, also from a numeric string), `amounts` (an object of amounts, such
 * as limits per currency) or `value` (as it came). A kind ending in `?` may be missing: it is
 * then null.
 */
type FieldKind = 'text' | 'text?' | 'amount' | 'amount?' | 'amounts?' | 'value?';

/** Clean field name → [aaio's field, kind]. */
export type FieldTable = Record<string, readonly [field: string, kind: FieldKind]>;

function isAbsent(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function readAmountsObject(value: unknown): IDataObject | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const amounts: IDataObject = {};
	for (const [key, inner] of Object.entries(value)) {
		const amount = toAmount(inner);
		if (amount === undefined) return undefined;
		amounts[key] = amount;
	}
	return amounts;
}

/** The field's clean value, or undefined when it is missing or not of its kind. */
function readField(value: unknown, kind: FieldKind): { value: unknown } | undefined {
	const optional = kind.endsWith('?');
	if (isAbsent(value)) return optional ? { value: null } : undefined;
	switch (kind.replace('?', '')) {
		case 'text':
			return typeof value === 'string' || typeof value === 'number'
				? { value: String(value) }
				: undefined;
		case 'amount': {
			const amount = toAmount(value);
			return amount === undefined ? undefined : { value: amount };
		}
		case 'amounts': {
			const amounts = readAmountsObject(value);
			return amounts === undefined ? undefined : { value: amounts };
		}
		default:
			return { value };
	}
}

/** The clean item of an answer (or of one entry of a list), or the aaio field that is wrong. */
export function readFields(source: IDataObject, table: FieldTable): Simplified {
	const item: IDataObject = {};
	for (const [name, [field, kind]] of Object.entries(table)) {
		const read = readField(source[field], kind);
		if (read === undefined) return { missing: field };
		item[name] = read.value as IDataObject[string];
	}
	return { item };
}

/**
 * The entries of a `list` keyed by code (`{"cards_ru": {...}, ...}`), each with its `code`.
 * PHP encodes an empty one as `[]`.
 */
export function codedEntries(body: IDataObject): IDataObject[] | { missing: string } {
	const list = body.list;
	if (Array.isArray(list) && list.length === 0) return [];
	if (typeof list !== 'object' || list === null || Array.isArray(list)) return { missing: 'list' };
	return Object.entries(list).map(([code, entry]) => ({
		...(typeof entry === 'object' && entry !== null ? (entry as IDataObject) : {}),
		code,
	}));
}

/** The entries of a `list` array; plain values (IP addresses) become `{ value }`. */
export function listEntries(body: IDataObject): IDataObject[] | { missing: string } {
	const list = body.list;
	if (!Array.isArray(list)) return { missing: 'list' };
	return list.map((entry) =>
		typeof entry === 'object' && entry !== null ? (entry as IDataObject) : { value: entry },
	);
}
