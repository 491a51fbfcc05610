import type { IDataObject } from 'n8n-workflow';

import { toAmount } from './money';
import type { NotificationEvent } from './notificationTypes';
import type { Provider } from './provider';
import { fieldsOf, shapeEntity } from './shape';
import type { EntityTable, ShapeContext } from './shape';

/* The item a notification becomes: its payload as data, its clean fields, what the signature vouches for. */

/**
 * A received payload as plain data: its own members only, and none named `__proto__`, at any
 * depth. JSON makes such a member an ordinary one, but assigning it (`item[key] = value`, as this
 * package and n8n's deepCopy do with an item's fields) replaces the object's prototype, whose
 * fields then show through as fields nobody sent or signed. Neither provider documents such a
 * member: it is left out of the item (a signature over the whole body still covers it).
 */
export function plainData(value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	return JSON.parse(JSON.stringify(value), (key, member: unknown) => (key === '__proto__' ? undefined : member));
}

/**
 * The clean item of a notification, key by key (shapeEntity would give up on the whole item): a
 * key whose field is missing or not of its kind (a date written another way, an amount that is
 * not a number) is null, a status `unknown`, and its fields go into `taken.failed`, to stay as
 * received under the provider's key. A genuine notification (or one checked by Verify
 * Signature, which has no shape check) so loses neither its other keys nor that field.
 */
export function notificationEntity(
	fields: IDataObject,
	table: EntityTable,
	context: ShapeContext,
	taken: { read: Set<string>; failed: Set<string> },
): IDataObject {
	const item: IDataObject = {};
	for (const [key, spec] of Object.entries(table)) {
		if (!Array.isArray(spec) && 'group' in spec) {
			item[key] = notificationEntity(fields, spec.group, context, taken);
			continue;
		}
		const one: EntityTable = { [key]: spec };
		const shaped = shapeEntity(fields, one, context);
		const names = fieldsOf(one);
		if ('item' in shaped) {
			item[key] = shaped.item[key];
			for (const name of names) taken.read.add(name);
		} else {
			item[key] = !Array.isArray(spec) && 'words' in spec ? 'unknown' : null;
			for (const name of names) taken.failed.add(name);
		}
	}
	return item;
}

/**
 * A genuine notification as an item: each field once (amounts and counts as numbers, the
 * provider's own values where the API confirmed them), `verification` naming the fields the
 * signature covers, the ones the API confirmed and the ones neither vouches for, and `raw`
 * holding only the text as received of the fields turned into numbers (what aaio signs).
 */
export function notificationItem(
	provider: Provider,
	event: NotificationEvent,
	payload: IDataObject,
	confirmed?: IDataObject,
): IDataObject {
	const fields: IDataObject = {};
	const raw: IDataObject = {};
	for (const [key, value] of Object.entries(payload)) {
		const amount = event.numericFields.includes(key) ? toAmount(value) : undefined;
		fields[key] = amount ?? value;
		if (amount !== undefined && typeof value === 'string') raw[key] = value;
	}
	const confirmedNames = Object.keys(confirmed ?? {});
	Object.assign(fields, confirmed);
	const names = Object.keys(fields);
	// The entity's clean item; what its table does not read (or could not) stays, as received,
	// with the provider-only fields, so that every field is in the item once. A field two keys
	// read (status, providerStatus) counts as taken only when both could read it.
	const taken = { read: new Set<string>(), failed: new Set<string>() };
	const entity = notificationEntity(fields, event.table, { timeZone: provider.timeZone }, taken);
	const own = (entity[provider.name] ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(fields)) {
		if ((!taken.read.has(key) || taken.failed.has(key)) && key !== 'sign') own[key] = value;
	}
	entity[provider.name] = own;
	const signed =
		event.signedFields === 'all'
			? Object.keys(payload)
			: event.signedFields.filter((name) => name in payload);
	const vouched = new Set([...signed, ...confirmedNames, 'sign']);
	return {
		provider: provider.name,
		event: event.value,
		...entity,
		verification: {
			signed,
			confirmedWithProvider: confirmedNames,
			unverified: names.filter((name) => !vouched.has(name)),
		},
		raw,
	};
}
