import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { routingCredentials } from './credentials';
import { outcomeOf, reasonOf, unreadableFieldError } from './errors';
import { claimsOf, requestDifferences, requestKey, runOf } from './payoutClaims';
import type { State } from './payoutClaims';
import { lookUp } from './payoutLookup';
import { agentMayPay, lookupWindowOf, runsAsAgentTool } from './payoutOptions';
import type { LookupResult, PayoutApi } from './payoutLookup';
import { sendRequest, timeoutOf } from './operation';
import type { RequestFromCredentials, SendFunction } from './operation';
import { shapeEntity } from './shape';
import { sentence } from './text';
import { checkCredentials } from './transport';

/*
 * Payout → Create, for both providers: the one operation where a bug moves real money. The rules:
 * - The payout's own ID (the Order ID: aaio's my_id, morune's order_id) is looked up before it is
 *   created (payoutLookup.ts). A payout that exists and matches the request on amount, method and
 *   wallet is reported (`alreadyExisted: true`) and nothing is sent: a re-run of the workflow, or
 *   Retry On Fail, cannot pay it twice. A different payout with the same ID, one the node cannot
 *   tell from this one, or a lookup that failed (including a refusal that is not the provider's
 *   clear "not found") stops the item before anything is sent.
 * - One ID pays once per execution: a second item of the run, a later run of the node, another
 *   payout node or an agent's second call with the same ID and the same request gets the first
 *   outcome (never a second create); with another request it is refused before sending.
 * - The create is sent once. A failure that certainly did nothing (nothing sent, or the provider's
 *   clear refusal) is the error. Any other (no answer in time, a connection closed, a 5xx, an
 *   answer that is not the provider's) leaves open whether the payout was made: the node looks the
 *   ID up again over the Lookup Window (a few lookups with growing pauses, since the provider's
 *   records can lag) and reports the payout only if what the provider holds matches the request
 *   on every field it echoes. Otherwise the state is unknown, and the error says to check the
 *   cabinet: neither provider documents that it refuses a repeated ID, so "send it again" is
 *   never safe advice after an unclear failure.
 * - Retry On Fail, and any later use of the ID in the execution, remembers an unknown state: it
 *   only looks the payout up, it never sends the create again.
 * - The Lookup Window and the Timeout are checked before anything is sent.
 *
 * Evidence (2026-12-01, see README "Payout safety"): aaio's payout docs (wiki.aaio.so/api/vyvod-sredstv)
 * describe `my_id` as optional, with no uniqueness rule and no error for a repeat; morune's
 * (docs.enot.io/e/new/new-create-withdraw) call `order_id` "unique" but list no error for a repeat,
 * and advise looking the payout up after a lost answer "to avoid creating the request again".
 */

/** The pauses before each lookup after an unclear failure: 0, 0.5, 1, 2, 4 … s, within the window. */
export function lookupPauses(windowMs: number): number[] {
	const pauses = [0];
	let elapsed = 0;
	for (let pause = 500; elapsed + pause <= windowMs; pause *= 2) {
		pauses.push(pause);
		elapsed += pause;
	}
	return pauses;
}

/** An item for a payout the node found by lookup, clean or as the provider sent it. */
function foundItem(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	record: IDataObject,
	flags: { alreadyExisted: boolean; recoveredAfter: string | null },
): INodeExecutionData[] {
	const simplify = context.getNodeParameter('simplify', true) as boolean;
	const { provider } = api;
	const clean = simplify ? shapeEntity(record, api.table, { timeZone: provider.timeZone }) : { item: record };
	if ('missing' in clean) throw unreadableFieldError(context.getNode(), provider, clean.missing);
	const json = simplify ? { provider: provider.name, ...clean.item, ...flags } : { ...clean.item, ...flags };
	return [{ json, pairedItem: { item: context.getItemIndex() } }];
}

/** The same items, said to have existed before this call. */
const asExisting = (items: INodeExecutionData[], itemIndex: number) =>
	items.map((item) => ({ ...item, json: { ...item.json, alreadyExisted: true, recoveredAfter: null }, pairedItem: { item: itemIndex } }));

function errorWith(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	id: string,
	payout: 'not created' | 'unknown',
	message: string,
	description: string,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ provider: api.provider.name, [api.idField]: id, payout },
		{ message, description, httpCode: 'none', itemIndex: context.getItemIndex() },
	);
}

/**
 * A lookup's failure for a message, with the permission it may need: with its own advice before
 * a create (what to fix, then run again), without it once the payout's state is unknown (where
 * "try again" is the wrong advice).
 */
function lookupFailure(api: PayoutApi, error: Error, advice: boolean): string {
	const httpCode = (error as { errorResponse?: { httpCode?: unknown } }).errorResponse?.httpCode;
	const hint = [401, 403].includes(Number(httpCode)) ? ` ${api.lookupHint}` : '';
	return `${sentence(advice ? error.message : reasonOf(error))}${hint}`;
}

/**
 * After a create without a clear answer: looks the payout up over the window and reports it
 * if it is this payout; otherwise an error that the state is unknown, saying what the lookups
 * found: nothing, a payout that is another one, one the node cannot tell, or only failures.
 */
async function settle(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	sent: IDataObject,
	id: string,
	why: string,
): Promise<INodeExecutionData[]> {
	const pauses = lookupPauses(lookupWindowOf(context, api));
	let last: LookupResult | undefined;
	let absent = 0;
	let failure: Error | undefined;
	for (const pause of pauses) {
		if (pause) await sleep(pause);
		last = await lookUp(context, api, credentials, sent, id);
		if ('record' in last) break;
		if ('absent' in last) absent += 1;
		else failure = last.failed;
	}
	const { name } = api.provider;
	const check = `Check the payouts in ${api.cabinet} for ${api.idLabel} "${id}" before you send it again.`;
	const unknown = `${name} payout "${id}": state unknown. ${sentence(why)}`;
	const tries = pauses.length;
	const looked = `The node looked ${api.idLabel} "${id}" up ${tries} time${tries === 1 ? '' : 's'} over ${pauses.reduce((sum, pause) => sum + pause, 0) / 1000} s`;
	const noRepeatRule = `${name} does not document that it refuses a repeated ${api.idLabel}, so sending it again could pay twice.`;

	if (last && 'record' in last) {
		const { differences, unclear } = last.comparison;
		if (differences.length === 0 && unclear.length === 0) {
			return foundItem(context, api, last.record, { alreadyExisted: false, recoveredAfter: why });
		}
		if (differences.length > 0) {
			throw errorWith(
				context,
				api,
				id,
				'unknown',
				`${unknown} A different payout already uses ${api.idLabel} "${id}" (${differences.join('; ')}), so it is not this one. ${check}`,
				`${looked} and found only that other payout. ${noRepeatRule} Give each new payout its own ${api.idLabel}.`,
			);
		}
		throw errorWith(
			context,
			api,
			id,
			'unknown',
			`${unknown} ${name} has a payout with ${api.idLabel} "${id}", but the node cannot tell whether it is this one (${unclear.join('; ')}). ${check}`,
			`${looked} and found that payout. ${noRepeatRule}`,
		);
	}
	const found = [
		absent > 0 ? `found no payout ${absent === tries ? 'each time' : `${absent} of ${tries} times`}` : '',
		failure ? `${absent > 0 ? 'the other lookups' : 'every lookup'} failed: ${lookupFailure(api, failure, false)}` : '',
	].filter(Boolean);
	throw errorWith(
		context,
		api,
		id,
		'unknown',
		`${unknown} ${check}`,
		`${looked} and ${found.join('; ')}${failure ? '' : '.'} ${absent > 0 ? `${name}'s records can lag behind a payout it made. ` : ''}${noRepeatRule}`,
	);
}

/**
 * The pagination function of Payout → Create (see the rules at the top of this file). Every
 * failure is judged here and thrown; Continue On Fail applies to the outcome (operationRouting).
 */
export function createPayout(api: PayoutApi, fromCredentials?: RequestFromCredentials): SendFunction {
	const send = sendRequest(api.provider, [], fromCredentials);

	async function payOnce(
		this: IExecutePaginationFunctions,
		requestData: Parameters<SendFunction>[0],
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const { name } = api.provider;
		if (runsAsAgentTool(this) && !agentMayPay(this)) {
			throw new NodeOperationError(
				this.getNode(),
				`Payouts are off for AI agents: this ${name} node runs as an agent's tool, and nothing was sent. To let an agent pay out, turn on "Allow AI Agents to Create Payouts" in the node (a fixed value, not an expression).`,
				{ itemIndex },
			);
		}
		// Both bounds before anything is sent.
		lookupWindowOf(this, api);
		timeoutOf(this);
		const credentials = await routingCredentials(this, api.provider);
		checkCredentials(this.getNode(), api.provider, credentials, [], itemIndex);
		const sent = (requestData.options.body ?? {}) as IDataObject;
		const id = String(sent[api.idField] ?? '').trim();
		if (!id) {
			throw new NodeOperationError(this.getNode(), `The ${api.idLabel} is empty: every payout needs one, so that it is never sent twice.`, { itemIndex });
		}

		// Claimed before the first pause: the items of a run start together.
		const claims = claimsOf(this);
		const key = `${api.accountOf(credentials)}\n${id}`;
		const run = runOf(this);
		const request = requestKey(sent);
		const claim = claims.get(key);
		const sameTry = claim?.run === run && claim.item === itemIndex;
		if (claim && claim.state !== 'not-created') {
			if (claim.request !== request) {
				throw new NodeOperationError(
					this.getNode(),
					`${api.idLabel} "${id}" was already used in this execution for another payout (${requestDifferences(claim.sent, sent)}). Nothing was sent for this item: give each payout its own ${api.idLabel}.`,
					{ itemIndex },
				);
			}
			if (claim.run === run && !sameTry) {
				throw new NodeOperationError(
					this.getNode(),
					`Item ${itemIndex + 1} has the ${api.idLabel} "${id}" of item ${claim.item + 1}, which this run already pays out. Nothing was sent for this item: give each payout its own ${api.idLabel}.`,
					{ itemIndex },
				);
			}
			if (claim.state === 'sending') {
				throw new NodeOperationError(
					this.getNode(),
					`${api.idLabel} "${id}" is being paid out by another part of this execution. Nothing was sent for this item.`,
					{ itemIndex },
				);
			}
			// The same request again: a retry of this item (Retry On Fail), or a later run of this execution.
			if (claim.state === 'created' && claim.items) return sameTry ? claim.items : asExisting(claim.items, itemIndex);
			const why = sameTry
				? `An earlier try of this item got no clear answer from ${name}, so the node does not send it again.`
				: `An earlier payout with this ${api.idLabel} in this execution got no clear answer from ${name}, so the node does not send it again.`;
			const items = await settle(this, api, credentials, sent, id, why);
			claims.set(key, { ...claim, state: 'created', items });
			return sameTry ? items : asExisting(items, itemIndex);
		}
		const end = (state: State, items: INodeExecutionData[] = []) => {
			claims.set(key, { run, item: itemIndex, request, sent, state, items });
			return items;
		};
		end('sending');

		// Before creating: does a payout with this ID exist already? Anything but "no" or "this very payout" stops here.
		const refuse = (message: string, description: string) => {
			end('not-created');
			return errorWith(this, api, id, 'not created', message, description);
		};
		const before = await lookUp(this, api, credentials, sent, id);
		if ('failed' in before) {
			throw refuse(
				`Nothing was sent to ${name}: the node looks ${api.idLabel} "${id}" up before it creates the payout, so that a retry or a re-run can never pay twice, and the lookup failed. ${lookupFailure(api, before.failed, true)}`,
				'Fix what the lookup needs, then run the item again: nothing was paid.',
			);
		}
		if ('record' in before && before.comparison.differences.length > 0) {
			throw refuse(
				`${name} already has a different payout with ${api.idLabel} "${id}" (${before.comparison.differences.join('; ')}). Nothing was sent for this item: give this payout its own ${api.idLabel}.`,
				`The node looks each ${api.idLabel} up before it creates a payout.`,
			);
		}
		if ('record' in before && before.comparison.unclear.length > 0) {
			throw refuse(
				`${name} already has a payout with ${api.idLabel} "${id}", and the node cannot tell whether it is this one (${before.comparison.unclear.join('; ')}). Nothing was sent for this item. Check the payouts in ${api.cabinet} for ${api.idLabel} "${id}".`,
				`The node looks each ${api.idLabel} up before it creates a payout, and reports a payout as this one only when the record shows the same amount, method and wallet.`,
			);
		}
		if ('record' in before) {
			return end('created', foundItem(this, api, before.record, { alreadyExisted: true, recoveredAfter: null }));
		}

		let created: INodeExecutionData[];
		try {
			created = await send.call(this, requestData);
		} catch (error) {
			if (outcomeOf(error) !== 'unknown') {
				end('not-created');
				// The operation's own error (NodeApiError hands an existing one back).
				throw error instanceof NodeOperationError ? error : new NodeApiError(this.getNode(), error as JsonObject);
			}
			end('unknown');
			const items = await settle(this, api, credentials, sent, id, reasonOf(error));
			return end('created', items);
		}
		// With Simplify off the answer stays as the provider sent it.
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const items = simplify
			? created.map((item) => ({ ...item, json: { ...item.json, alreadyExisted: false, recoveredAfter: null } }))
			: created;
		return end('created', items);
	}

	return payOnce;
}
