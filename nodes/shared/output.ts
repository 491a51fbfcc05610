import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { unreadableFieldError } from './errors';
import type { Provider } from './provider';
import type { PostReceiveFunction } from './routing';

/** What a simplifier makes of an answer: the clean item, or the field it could not read. */
export type Simplified = { item: IDataObject } | { missing: string };

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
