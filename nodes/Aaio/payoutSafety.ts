import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { sendOnce, sendRequest } from '../shared/request';
import { aaio } from './provider';

type Send = ReturnType<typeof sendRequest>;
type RequestData = DeclarativeRestApiSettings.ResultOptions;
type Lookup = { found: INodeExecutionData[] } | { notFound: string } | { failed: Error };

/**
 * How aaio says that it knows no payout with a My ID. UNCERTAIN: aaio does not document this
 * answer. Anything that does not match is treated as a failed lookup ("state unknown"), never
 * as "not created".
 */
const NOT_FOUND = /не найден|not found/i;

/** What the shared helpers put in their errors: the HTTP code, aaio's message and (for JSON answers) its body. */
function answerOf(error: unknown): { httpCode?: unknown; message?: unknown; response?: unknown } {
	return (error as { errorResponse?: IDataObject } | undefined)?.errorResponse ?? {};
}

/**
 * Whether a request certainly did nothing: it was refused before sending, or aaio answered
 * with its own JSON error below HTTP 500. Anything else (no answer, a 5xx, a page that is not
 * aaio's JSON) leaves open whether aaio acted on it.
 */
function refusedClearly(error: unknown): boolean {
	if (error instanceof NodeOperationError) return true;
	const { httpCode, response } = answerOf(error);
	return typeof response === 'object' && response !== null && Number(httpCode) < 500;
}

/** One lookup by My ID (POST /api/info-payoff), sent like the create: same key, timeout and checks. */
async function lookUp(
	context: IExecutePaginationFunctions,
	send: Send,
	requestData: RequestData,
	myId: string,
): Promise<Lookup> {
	const lookup: RequestData = {
		...requestData,
		options: { ...requestData.options, url: '/api/info-payoff', body: { my_id: myId } },
	};
	try {
		return { found: await send.call(context, lookup) };
	} catch (error) {
		const { httpCode, message } = answerOf(error);
		if (refusedClearly(error) && [400, 404].includes(Number(httpCode)) && NOT_FOUND.test(String(message))) {
			return { notFound: String(message) };
		}
		return { failed: error as Error };
	}
}


/**
 * After a create request without a clear answer: one lookup by My ID decides. A payout that
 * exists is an output item, as if the answer had come: it was created, and an error would
 * invite a retry that could pay it out twice. Otherwise an error says whether sending it
 * again is safe.
 */
async function settle(
	context: IExecutePaginationFunctions,
	send: Send,
	requestData: RequestData,
	createError: NodeApiError,
): Promise<INodeExecutionData[] | NodeApiError> {
	const myId = String((requestData.options.body as IDataObject).my_id);
	const lookup = await lookUp(context, send, requestData, myId);
	if ('found' in lookup) {
		// The payout item (clean or as aaio sent it) says what happened to the create's answer.
		return lookup.found.map((item) => ({
			...item,
			json: { ...item.json, recoveredAfter: createError.message },
		}));
	}

	const payout = 'notFound' in lookup ? 'not created' : 'unknown';
	const errorResponse = { provider: aaio.name, myId, payout };
	const httpCode = createError.httpCode ?? 'none';
	if ('notFound' in lookup) {
		return new NodeApiError(context.getNode(), errorResponse, {
			message: `aaio did not create payout "${myId}", so it is safe to send it again. The create request failed: ${createError.message}`,
			description: `The create request got no clear answer, so the node looked the payout up by My ID once, and aaio answered "${lookup.notFound}". The create was sent once and not repeated.`,
			httpCode,
		});
	}
	return new NodeApiError(context.getNode(), errorResponse, {
		message: `aaio payout "${myId}": state unknown. The create request got no clear answer and looking the payout up by My ID failed too: check the payouts in the aaio cabinet before sending it again.`,
		description:
			`Create: ${createError.message} Lookup: ${lookup.failed.message} ` +
			'A second create could pay out twice. The lookup needs the API key permission "Информация про вывод средств".',
		httpCode,
	});
}

/**
 * Sends Payout → Create: `sendRequest` (credential check, timeout, transport errors), plus
 * what a lost answer needs. When the create fails without a clear answer (timeout, refused
 * or reset connection, 5xx, not aaio's JSON), the node looks the payout up by My ID once and
 * reports what it found. It never sends the create twice.
 */
export function sendPayoutCreate() {
	const send = sendRequest(aaio);
	return sendOnce(send, refusedClearly, async function (requestData, unclear) {
		return await settle(this, send, requestData, unclear);
	});
}
