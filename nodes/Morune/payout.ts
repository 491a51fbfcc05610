import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toAmount } from '../shared/balance';
import { routingCredentials } from '../shared/credentials';
import { checkResponse, sendOnce, sendRequest, timeoutOf } from '../shared/request';
import { exchange } from '../shared/transport';
import type { TransportContext } from '../shared/transport';
import type { RequestFromCredentials } from '../shared/request';
import type { PostReceiveFunction } from '../shared/routing';
import { morune } from './provider';
import { jsonObjectOf } from './routing';
import { cleanEntry, PAYOUT } from './shape';

/*
 * Payout → Create must never pay twice. morune's docs say: when the answer to a payout
 * request is lost, look the payout up by order ID before sending it again. So:
 * - a clear refusal (4xx, an error body) is an error, as for every operation;
 * - anything else that is not a success (no answer: a timeout, a refused or reset connection;
 *   a 5xx; an answer that is not JSON) leads to one lookup (GET /payoff/info by order ID),
 *   and the node reports what it found: the payout exists (an item with its status), it does
 *   not (an error that says it is safe to send it again), or the lookup failed too (an error
 *   that says to check the cabinet).
 * The payout request itself is sent once, never again by the node.
 */

/** Errors of payout requests that morune clearly refused. */
const clearRefusals = new WeakSet<object>();

/** Whether an answer leaves open if the payout was created: a 5xx, or not the JSON morune sends. */
function isUnclearAnswer(response: IN8nHttpFullResponse): boolean {
	if (response.statusCode === 429) return false;
	if (response.statusCode >= 500) return true;
	const body = jsonObjectOf(response);
	if (!body) return true;
	const status = toAmount(body.status);
	return status !== undefined && status >= 500;
}

/** checkResponse for Payout → Create, noting which refusals leave no doubt. */
export function checkPayoutAnswer(): PostReceiveFunction {
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
			if (!isUnclearAnswer(response)) clearRefusals.add(refusal);
			throw refusal;
		}
	};
}

type LookupResult = { payout: IDataObject } | { absent: string } | { failed: Error };

/** GET /payoff/info?order_id=…, with the payout request's base URL, timeout and proxy. */
async function lookUpPayout(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	orderId: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<LookupResult> {
	let response: IN8nHttpFullResponse;
	try {
		const request = { method: 'GET' as const, url: '/payoff/info', qs: { user_id: credentials.userId, order_id: orderId } };
		response = await exchange(this as unknown as TransportContext, morune, request, {
			credentials,
			timeoutMs: timeoutOf(this),
		});
	} catch (error) {
		return { failed: error as Error };
	}
	const body = jsonObjectOf(response);
	if (response.statusCode === 404 && body) {
		return { absent: morune.readBodyError(body)?.message ?? 'HTTP 404' };
	}
	try {
		const [item] = await checkResponse(morune).call(this, [{ json: {} }], response);
		return { payout: item.json };
	} catch (error) {
		return { failed: error as Error };
	}
}

/** What the node reports after a payout request without a clear answer. */
async function settleUnclearPayout(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	unclear: NodeApiError,
): Promise<INodeExecutionData[] | NodeApiError> {
	const orderId = String((requestData.options.body as IDataObject).order_id);
	const credentials = await routingCredentials(this, morune);
	const found = await lookUpPayout.call(this, requestData, orderId, credentials);
	const noAnswer = 'morune gave no clear answer to the payout request';
	const outcome = (payout: 'not created' | 'unknown', message: string, lookup: string) =>
		new NodeApiError(
			this.getNode(),
			{ provider: morune.name, orderId, payout },
			{
				message,
				description: `The payout request: ${unclear.message} The lookup by order ID: ${lookup}`,
				httpCode: unclear.httpCode ?? 'none',
			},
		);

	if ('payout' in found) {
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const clean = cleanEntry(found.payout.data, PAYOUT, 'data');
		const payout = simplify && 'item' in clean ? clean.item : found.payout;
		return [
			{
				json: { ...payout, recoveredAfter: unclear.message },
				pairedItem: { item: this.getItemIndex() },
			},
		];
	}
	if ('absent' in found) {
		return outcome(
			'not created',
			`${noAnswer}, and it has no payout with order ID "${orderId}": the payout was not created. ` +
				'It is safe to send it again with the same order ID.',
			found.absent,
		);
	}
	return outcome(
		'unknown',
		`${noAnswer}, and looking it up by order ID "${orderId}" failed too. ` +
			'Whether the payout was created is unknown: check the payouts in the morune cabinet before you send it again.',
		found.failed.message,
	);
}

/**
 * The pagination function of Payout → Create: sendRequest (credential checks, timeout, errors),
 * then, when the answer leaves open whether the payout was created, one lookup by order ID.
 */
export function createPayoutOnce(fromCredentials: RequestFromCredentials) {
	return sendOnce(
		sendRequest(morune, [], fromCredentials),
		(error) => error instanceof NodeOperationError || clearRefusals.has(error as object),
		settleUnclearPayout,
	);
}
