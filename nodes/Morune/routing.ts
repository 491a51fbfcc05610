import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { bounded, MAX_PROVIDER_MESSAGE } from '../shared/errors';
import { outputItems } from '../shared/output';
import type { OutputShape } from '../shared/output';
import { checkResponse } from '../shared/request';
import { operationRouting } from '../shared/routing';
import type { Answer } from '../shared/transport';
import type { OperationRouting, PostReceiveFunction } from '../shared/routing';
import { morune } from './provider';

/** An answer's body (the transport parsed it) when it is a JSON object, or undefined. */
export function jsonObjectOf(response: IN8nHttpFullResponse): IDataObject | undefined {
	const { body, json } = response as Answer;
	return json && typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as IDataObject)
		: undefined;
}

/** What a Get operation looks for, to explain morune's 404. */
export interface Lookup {
	/** 'invoice', 'payout'. */
	thing: string;
	/** What to check, e.g. 'the invoice ID or order ID, and that the invoice belongs to the shop in the Morune API credential'. */
	check: string;
}

/**
 * checkResponse, except that morune's own 404 (a JSON answer such as "Инвойс не найден") says
 * that the invoice or payout does not exist, instead of pointing at the Base URL.
 */
export function checkFound(lookup: Lookup): PostReceiveFunction {
	const check = checkResponse(morune);
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		try {
			return await check.call(this, items, response);
		} catch (error) {
			// checkResponse throws NodeApiErrors, which NodeApiError hands back unchanged.
			const refusal = new NodeApiError(this.getNode(), error as JsonObject);
			const body = jsonObjectOf(response);
			if (response.statusCode !== 404 || !body) throw refusal;
			const reason = bounded(morune.readBodyError(body)?.message ?? '', MAX_PROVIDER_MESSAGE);
			// The provider's message ends the first sentence; it may bring its own full stop.
			const sentence = `morune found no such ${lookup.thing} (HTTP 404)${reason ? `: ${reason}` : ''}`;
			const stop = /[.!?…]$/.test(sentence) ? '' : '.';
			throw new NodeApiError(this.getNode(), refusal.errorResponse as JsonObject, {
				message: `${sentence}${stop} Check ${lookup.check}.`,
				description: `If it is right, check the Base URL in the ${morune.credentialDisplayName} credential.`,
				httpCode: '404',
			});
		}
	};
}

/** The routing of one morune operation: the shared shape, the answer shaped by `shape`. */
export function moruneRouting(
	operation: Omit<OperationRouting, 'output'> & { shape: OutputShape },
): INodePropertyRouting {
	return operationRouting(morune, { ...operation, output: outputItems(morune, operation.shape) });
}
