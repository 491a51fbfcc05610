import type { IDataObject } from 'n8n-workflow';

import { toAmount } from './money';
import { isJsonObject } from './json';

/** What a simplifier makes of an answer: the clean item, or the field it could not read. */
export type Simplified = { item: IDataObject } | { missing: string };

/*
 * How a provider's answer becomes a clean item of one of the schemas (schemas.ts): a table per
 * entity and provider, clean key → how to read it. Written once for both providers.
 */

/**
 * How one field is read: `text` (a string), `amount` (a number, also from a numeric string),
 * `amounts` (an object of amounts, such as limits per currency), `date` (the provider's
 * "Y-m-d H:i:s" in its time zone, or an ISO-8601 text, as ISO-8601 UTC), `value` (as it came).
 * A kind ending in `?` may be missing: it is then null. A required field that is missing or
 * not of its kind makes the answer unreadable.
 */
export type FieldKind =
	| 'text'
	| 'text?'
	| 'amount'
	| 'amount?'
	| 'amounts?'
	| 'date?'
	| 'value?';

/**
 * How one clean key is read: a field of the answer and its kind; a status through a vocabulary
 * map; a fixed value; an amount as an object keyed by its currency (`{ RUB: 100 }`: the currency
 * named, or read from a field), the form limits per currency take; a flag (whether a field has a
 * value); or a group of keys (the provider-only fields).
 */
export type FieldSpec =
	| readonly [field: string, kind: FieldKind]
	| { status: string; words: Record<string, string> }
	| { fixed: IDataObject[string] }
	| { amount: string; currency?: string; currencyField?: string }
	| { flag: string; when: string }
	| { group: EntityTable };

/** Clean key → how to read it. */
export type EntityTable = Record<string, FieldSpec>;

export interface ShapeContext {
	/** The provider's time zone, as an ISO-8601 offset ('+03:00'). */
	timeZone: string;
}

function isAbsent(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;

/**
 * A provider's date as ISO-8601 UTC: a bare "2026-11-20 10:15:02" (or "2026-11-20") is read in
 * `timeZone`; a text with its own offset keeps it. Null for PHP's empty date "0000-00-00 …";
 * undefined when it is not a date (an impossible one, such as February 30th, included).
 */
export function isoDate(value: unknown, timeZone: string): string | null | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^0000-00-00/.test(text)) return null;
	const local = LOCAL_TIME.exec(text);
	if (local) {
		const [, year, month, day, hours = '00', minutes = '00', seconds = '00', fraction = ''] = local;
		const milliseconds = fraction ? fraction.slice(1, 4).padEnd(3, '0') : '000';
		const date = new Date(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${milliseconds}${timeZone}`);
		if (Number.isNaN(date.getTime())) return undefined;
		// Impossible dates roll over in JavaScript (February 30th becomes March 2nd): refuse them.
		const back = new Date(date.getTime() + offsetMs(timeZone));
		const same = back.getUTCFullYear() === Number(year) && back.getUTCMonth() + 1 === Number(month) && back.getUTCDate() === Number(day);
		return same ? date.toISOString() : undefined;
	}
	if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An ISO-8601 offset ('+03:00', 'Z') in milliseconds. */
function offsetMs(timeZone: string): number {
	const match = /^([+-])(\d{2}):(\d{2})$/.exec(timeZone);
	if (!match) return 0;
	const sign = match[1] === '-' ? -1 : 1;
	return sign * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

/**
 * An object of amounts (limits per currency), its values as numbers. When they all are already
 * (as in most answers), the object itself is handed on: it is this answer's own parse, shaped
 * once. A copy costs a property store per currency and entry, and in n8n's process such stores
 * were the largest cost of shaping 1,000 payment methods (BENCHMARKS.md).
 */
function readAmounts(value: unknown): IDataObject | undefined {
	if (!isJsonObject(value)) return undefined;
	const source = value as IDataObject;
	const keys = Object.keys(source);
	// A key "__proto__" (an own key of a parse) is dropped by the copy, as everywhere.
	if (keys.every((key) => key !== '__proto__' && Number.isFinite(source[key]))) return source;
	const amounts: IDataObject = {};
	for (const key of keys) {
		const amount = toAmount(source[key]);
		if (amount === undefined) return undefined;
		amounts[key] = amount;
	}
	return amounts;
}

/** What a reader gives for a field that is missing or not of its kind. */
const WRONG = Symbol('wrong');
/** Reads one clean value from an answer, or names the answer's field that is wrong. */
type Reader = (source: IDataObject, context: ShapeContext) => unknown;
/** A failed read: the field of the answer that is wrong. */
class Missing {
	constructor(readonly field: string) {}
}

/** The reader of a field of one kind: the clean value, or WRONG. */
function kindReader(kind: FieldKind): (value: unknown, context: ShapeContext) => unknown {
	const optional = kind.endsWith('?');
	const absent = optional ? null : WRONG;
	const orWrong = (clean: unknown) => (clean === undefined ? WRONG : clean);
	switch (kind.replace('?', '')) {
		case 'text':
			return (value) =>
				isAbsent(value) ? absent : typeof value === 'string' || typeof value === 'number' ? String(value) : WRONG;
		case 'amount':
			return (value) => (isAbsent(value) ? absent : orWrong(toAmount(value)));
		case 'amounts':
			return (value) => (isAbsent(value) ? absent : orWrong(readAmounts(value)));
		case 'date':
			return (value, context) => {
				if (isAbsent(value)) return absent;
				const iso = isoDate(value, context.timeZone);
				return iso === null ? absent : orWrong(iso);
			};
		default:
			return (value) => (isAbsent(value) ? absent : value);
	}
}

/** The reader of one clean key (see FieldSpec): its value, or a Missing. */
function specReader(spec: FieldSpec): Reader {
	if (Array.isArray(spec)) {
		const [field, kind] = spec as readonly [string, FieldKind];
		const read = kindReader(kind);
		const missing = new Missing(field);
		return (source, context) => {
			const value = read(source[field], context);
			return value === WRONG ? missing : value;
		};
	}
	if ('group' in spec) {
		const group = spec.group;
		return (source, context) => {
			const shaped = shapeEntity(source, group, context);
			return 'missing' in shaped ? new Missing(shaped.missing) : shaped.item;
		};
	}
	if ('fixed' in spec) {
		const fixed = spec.fixed;
		return () => fixed;
	}
	if ('flag' in spec) {
		const { flag, when } = spec;
		return (source) => String(source[flag] ?? '').toLowerCase() === when;
	}
	if ('words' in spec) {
		const { status, words } = spec;
		const missing = new Missing(status);
		return (source) => {
			const word = source[status];
			return isAbsent(word) ? missing : (words[String(word).toLowerCase()] ?? 'unknown');
		};
	}
	const { amount: field, currency: named, currencyField } = spec as { amount: string; currency?: string; currencyField?: string };
	const missing = new Missing(field);
	return (source) => {
		const amount = source[field];
		const currency = named ?? source[currencyField ?? ''];
		if (isAbsent(amount)) return null;
		const number = toAmount(amount);
		if (number === undefined || isAbsent(currency)) return missing;
		return { [String(currency)]: number };
	};
}

/** Each table's readers, made once: a list answer reads the same table for each entry. */
const readersOf = new WeakMap<EntityTable, Array<[key: string, read: Reader]>>();

function readers(table: EntityTable): Array<[string, Reader]> {
	let made = readersOf.get(table);
	if (!made) {
		made = Object.entries(table).map(([key, spec]): [string, Reader] => [key, specReader(spec)]);
		readersOf.set(table, made);
	}
	return made;
}

/**
 * The clean item of an answer (or of one entry of a list), or the field that is wrong. Its keys
 * are added to `into` when given (after the keys it has), else to a new object.
 */
export function shapeEntity(
	source: IDataObject,
	table: EntityTable,
	context: ShapeContext,
	into: IDataObject = {},
): Simplified {
	for (const [key, read] of readers(table)) {
		const value = read(source, context);
		if (value instanceof Missing) return { missing: value.field };
		into[key] = value as IDataObject[string];
	}
	return { item: into };
}

/** The fields of the answer a table reads. */
export function fieldsOf(table: EntityTable): string[] {
	return Object.values(table).flatMap((spec): string[] => {
		if (Array.isArray(spec)) return [spec[0] as string];
		if ('group' in spec) return fieldsOf(spec.group);
		if ('words' in spec) return [spec.status];
		if ('flag' in spec) return [spec.flag];
		if ('fixed' in spec) return [];
		return [(spec as { amount: string }).amount];
	});
}

/**
 * The entries of a `list` keyed by code (`{"cards_ru": {...}, ...}`), each with its `code`.
 * PHP encodes an empty one as `[]`. The code is written into each entry in place: the list is
 * this answer's own parse, shaped once and not output with Simplify on (copying each of 1,000
 * entries was most of the shaping's time).
 */
export function codedEntries(list: unknown): IDataObject[] | undefined {
	if (Array.isArray(list) && list.length === 0) return [];
	if (!isJsonObject(list)) return undefined;
	return Object.keys(list).map((code) => {
		const entry = list[code];
		if (!isJsonObject(entry)) return { code };
		entry.code = code;
		return entry;
	});
}

/** The entries of a list; plain values (IP addresses) become `{ value }`. */
export function listEntries(list: unknown): IDataObject[] | undefined {
	if (!Array.isArray(list)) return undefined;
	return list.map((entry) =>
		typeof entry === 'object' && entry !== null ? (entry as IDataObject) : { value: entry },
	);
}
