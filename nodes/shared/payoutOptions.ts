import type { IExecutePaginationFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PayoutApi } from './payoutLookup';
import { bounded } from './text';

/*
 * Payout → Create's two options of its own (the rules are in payout.ts): the Lookup Window, and
 * whether AI agents may create payouts. Their properties, and how the flow reads them.
 */

/** The Lookup Window of Payout → Create when the node does not set it, in seconds. */
export const DEFAULT_LOOKUP_WINDOW_S = 10;

/** The longest Lookup Window the node takes, in seconds (also the field's maximum). */
export const MAX_LOOKUP_WINDOW_S = 120;

/** The Lookup Window option, shown for Payout → Create. */
export function lookupWindowProperty(api: PayoutApi): INodeProperties {
	return {
		displayName: 'Lookup Window (Seconds)',
		name: 'lookupWindow',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_LOOKUP_WINDOW_S },
		default: DEFAULT_LOOKUP_WINDOW_S,
		displayOptions: { show: { resource: ['payout'], operation: ['create'] } },
		description: `When the answer to a payout is lost, how long the node keeps looking it up by ${api.idLabel} before it reports the state as unknown (${api.provider.name}'s records can lag). 0 looks once.`,
	};
}

/**
 * Whether AI agents may create payouts, shown only where the node runs as an AI Agent's tool
 * (n8n's `@tool` display option: the tool variant's type name ends in "Tool"). Off by default:
 * a model deciding to move money must be a deliberate choice of the workflow's author.
 */
export const allowAgentPayoutsProperty: INodeProperties = {
	displayName: 'Allow AI Agents to Create Payouts',
	name: 'allowAgentPayouts',
	type: 'boolean',
	default: false,
	// A fixed value only: no expression, so no `$fromAI()`, and n8n offers no "let the model decide".
	noDataExpression: true,
	displayOptions: { show: { '@tool': [true] } },
	description:
		"Whether an AI agent using this node as a tool may create payouts. Off, the tool refuses every payout and sends nothing. Turn it on only for an agent that is meant to move money, with limits of its own (the provider key's permissions, amounts checked before this node).",
};

/** Whether the node runs as an AI Agent's tool: n8n names the tool variant of a node type `<name>Tool`. */
export function runsAsAgentTool(context: { getNode(): { type: string } }): boolean {
	return context.getNode().type.endsWith('Tool');
}

/** The Lookup Window in milliseconds; an error, before anything is sent, when it is out of bounds. */
export function lookupWindowOf(context: IExecutePaginationFunctions, api: PayoutApi): number {
	const value = context.getNodeParameter('lookupWindow', DEFAULT_LOOKUP_WINDOW_S) as unknown;
	const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_LOOKUP_WINDOW_S) {
		throw new NodeOperationError(
			context.getNode(),
			`Lookup Window (Seconds) must be a number from 0 to ${MAX_LOOKUP_WINDOW_S}, not ${bounded(String(value), 40)}. Nothing was sent to ${api.provider.name}.`,
			{ itemIndex: context.getItemIndex() },
		);
	}
	return seconds * 1000;
}

/** The AI agent option, only as a fixed value: a model must not be able to turn it on. */
export function agentMayPay(context: IExecutePaginationFunctions): boolean {
	// n8n evaluates `$fromAI(…)` and every other expression before the node reads it; the raw value is what the author set.
	return context.getNode().parameters.allowAgentPayouts === true && context.getNodeParameter('allowAgentPayouts', false) === true;
}
