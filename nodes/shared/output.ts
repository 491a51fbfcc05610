import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { unreadableFieldError } from './errors';
import type { Provider } from './provider';
import type { PostReceiveFunction } from './operation';
import { shapeEntity } from './shape';
import type { EntityTable, Simplified } from './shape';
import { isJsonObject } from './json';

export interface OutputShape {
	/**
	 * For list answers: the entries, one output item each (with Simplify on). Omit it for
	 * answers that are one object.
	 */
	entries?: (body: IDataObject) => IDataObject[] | { missing: string };
	/** Makes the clean item of one entry (or of the whole answer). */
	simplify: (entry: IDataObject, context: { checkedAt: string }) => Simplified;
}

/**
 * A postReceive action that shapes a checked answer into output items, each paired to its
 * input item. With the node's Simplify parameter on (the default), each entry (or the whole
 * answer) becomes one clean item; with it off, the answer's body is one item, as it came.
 */
export function outputItems(provider: Provider, shape: OutputShape): PostReceiveFunction {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const pairedItem = { item: this.getItemIndex() };
		if (!simplify) return items.map((item) => ({ json: item.json, pairedItem }));

		const unreadable = (field: string) => unreadableFieldError(this.getNode(), provider, field);
		const context = { checkedAt: new Date().toISOString() };
		const output: INodeExecutionData[] = [];
		for (const item of items) {
			const entries = shape.entries ? shape.entries(item.json) : [item.json];
			if (!Array.isArray(entries)) throw unreadable(entries.missing);
			for (const entry of entries) {
				const simplified = shape.simplify(entry, context);
				if ('missing' in simplified) throw unreadable(simplified.missing);
				output.push({ json: simplified.item, pairedItem });
			}
		}
		return output;
	};
}

/** How an operation's answer becomes items of one of the schemas (schemas.ts). */
export interface EntityOutput {
	table: EntityTable;
	/** Where the entity, or the list of entities, is in the answer (`data`, `list`, `data.banks`); the answer itself by default. */
	at?: string;
	/** For list answers: the entries of what `at` holds, or undefined when it is not a list. */
	entries?: (found: unknown) => IDataObject[] | undefined;
	/** Clean keys the answer does not repeat, from what was sent (a create's order ID, amount). */
	sent?: (context: IExecuteSingleFunctions) => IDataObject;
	/**
	 * Which clean items to keep (Enabled Only): a test made once per request from the node's
	 * parameters, or undefined to keep them all.
	 */
	keep?: (context: IExecuteSingleFunctions) => ((item: IDataObject) => boolean) | undefined;
}

/**
 * `outputItems` for an entity: with Simplify on, each entry (or the answer) becomes a clean item
 * of its schema, `provider` first, keys the answer lacks filled in from what was sent.
 */
export function entityItems(provider: Provider, output: EntityOutput): PostReceiveFunction {
	const { table, at, entries } = output;
	const find = (body: IDataObject): unknown =>
		(at ?? '').split('.').filter(Boolean).reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], body);
	const keys = Object.keys(table);
	const context = { timeZone: provider.timeZone };
	return async function (this: IExecuteSingleFunctions, items, response) {
		const sent = output.sent?.(this) ?? {};
		// Only the keys something was sent for: a reader never gives undefined, so the others stay.
		const sentKeys = keys.filter((key) => sent[key] !== undefined);
		const keep = output.keep?.(this);
		const shape: OutputShape = {
			entries: entries
				? (body) => entries(find(body)) ?? { missing: at ?? 'list' }
				: undefined,
			simplify: (body) => {
				const source = entries ? body : find(body);
				if (!isJsonObject(source)) return { missing: at ?? 'body' };
				// `provider` first, then the table's keys.
				const shaped = shapeEntity(source, table, context, { provider: provider.name });
				// Where the field is in the answer: `data.created_at`, `data.tariffs[].service`.
				if ('missing' in shaped) return { missing: at ? `${at}${entries ? '[]' : ''}.${shaped.missing}` : shaped.missing };
				const item = shaped.item;
				for (const key of sentKeys) {
					const [own, given] = [item[key], sent[key]];
					// A group (`aaio`, `morune`): each of its keys the answer lacks, from what was sent.
					if (isJsonObject(own) && isJsonObject(given)) for (const inner of Object.keys(own)) own[inner] ??= given[inner] ?? null;
					else item[key] ??= given as IDataObject[string];
				}
				return { item };
			},
		};
		const shaped = await outputItems(provider, shape).call(this, items, response);
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		return keep && simplify ? shaped.filter((item) => keep(item.json)) : shaped;
	};
}
