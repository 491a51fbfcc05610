import { randomBytes } from 'crypto';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sumAmounts } from './money';
import type { BalanceApi, NormalizedBalance } from './balance';
import { unreadableFieldError } from './errors';
import type { Provider } from './provider';
import { callProvider } from './transport';
import type { TransportContext } from './transport';
import { isJsonObject } from './json';

/*
 * What n8n 2.41 saves of a polling trigger's memory (its static data), read in its code
 * (n8n/dist/workflows/triggers/trigger-execution-context.factory.js, active-workflow-manager.js,
 * n8n-core/dist/execution-engine/active-workflow-triggers.js, poll-trigger-executor.js):
 *  - when a poll emits items (`__emit` saves the workflow's static data, then starts the run);
 *  - after the poll n8n makes when it activates the workflow (at publication, and at every start
 *    of n8n: `add()` saves the static data after `activatePollTrigger`);
 *  - never after a poll that returns null, and never at shutdown.
 * So after a restart (SIGTERM or a crash alike) the memory is the one of the last firing or the
 * last activation, not of the last check. The checks in between are unknown: for a threshold
 * event the balance may have come back over the line (re-arming the alert) and dropped again.
 *
 * The trigger therefore tells a memory it wrote in this process from one read back from the
 * database: every check writes a random token into the memory and keeps it in this process too.
 * A memory whose token is not the one this process last wrote came from the database (n8n
 * restarted, the workflow was re-activated, another main took over), and the checks since its
 * `checkedAt` are unknown. When the balance is then still beyond the threshold, the alert fires
 * again, marked `possibleRepeat`, rather than risk a missed one.
 */

type EventName = 'balanceChanged' | 'fellBelow' | 'roseAbove';
type FiredEvent = EventName | 'currencyChanged';

/** The keys of a type, without its index signature (IDataObject's `[key: string]`). */
type KnownKeys<T> = keyof {
	[K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};
const AVAILABLE: KnownKeys<NormalizedBalance> = 'available';
const CURRENCY: KnownKeys<NormalizedBalance> = 'currency';
const CHECKED_AT: KnownKeys<NormalizedBalance> = 'checkedAt';

/** The amounts of a balance: its number (or null) fields, whatever their names. */
type Amounts = Record<string, number | null>;

/** The balance a check saw, as kept in the trigger's memory and shown as `previous`. */
interface SeenBalance extends IDataObject {
	currency: string;
	checkedAt: string | null;
}

const MEMORY_KEY = 'lastBalance';
const TOKEN_KEY = 'memoryToken';
/** The currency of a memory written before the trigger kept one (both providers' documented one). */
const LEGACY_CURRENCY = 'RUB';

/** The token each trigger node last wrote in this process, by workflow and node. */
const writtenTokens = new Map<string, string>();

/** Forgets what this process wrote (tests use it to stand for a restarted n8n). */
export function forgetWrittenTokens(): void {
	writtenTokens.clear();
}

/** The subtitle of a balance trigger node: its event, in words. */
export const BALANCE_TRIGGER_SUBTITLE =
	'={{ $parameter["event"] === "balanceChanged" ? "Balance changed" : ($parameter["event"] === "fellBelow" ? "Fell below " : "Rose above ") + $parameter["threshold"] }}';

/** The properties of a balance trigger node (n8n adds Poll Times itself). */
export function balanceTriggerProperties(provider: Provider): INodeProperties[] {
	const thresholdEvents = { show: { event: ['fellBelow', 'roseAbove'] } };
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Available Balance Fell Below',
					value: 'fellBelow',
					description:
						'Once when the available balance drops under the threshold; again only after it has been back at or above it',
				},
				{
					name: 'Available Balance Rose Above',
					value: 'roseAbove',
					description:
						'Once when the available balance climbs over the threshold; again only after it has been back at or under it',
				},
				{
					name: 'Balance Changed',
					value: 'balanceChanged',
					description: 'When the available, frozen, referral or total balance differs from the last check',
				},
			],
			default: 'balanceChanged',
		},
		{
			displayName: 'Threshold',
			name: 'threshold',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 1000,
			displayOptions: thresholdEvents,
			description: `The available ${provider.name} balance to compare with, in the currency of the balance (RUB). A number such as 5000 or 1000.50; an expression (e.g. from $vars) must give one too.`,
		},
		{
			displayName: 'Fire on First Check',
			name: 'fireOnFirstCheck',
			type: 'boolean',
			default: false,
			description:
				'Whether the first check after activation fires when the event holds already (the balance is under, or over, the threshold; any balance for Balance Changed). Off, the first check only records the balance.',
		},
	];
}

/** How a threshold value is shown in an error: text quoted, anything else as JSON. */
function describeValue(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
	} catch {
		text = String(value);
	}
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * The Threshold as a number. n8n hands an expression's result over as it is, so a value from
 * $vars (always text) arrives as a string: digits with an optional decimal point are read,
 * anything else ("5 000", "1000,50", "", "1e3", a negative number) is refused with the value
 * shown, never compared (a comparison with text is false, and the trigger would never fire).
 */
export function readThreshold(value: unknown, node: INode): number {
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
	throw new NodeOperationError(
		node,
		`The Threshold must be a number such as 5000 or 1000.50, not ${describeValue(value)}${typeof value === 'string' ? ' (text)' : ''}.`,
		{
			description:
				'Write it with digits only, a point as the decimal separator, no spaces or thousands separators, and not below 0. A value from $vars is text: set the variable to such a number.',
		},
	);
}

function amountsOf(balance: IDataObject): Amounts {
	const amounts: Amounts = {};
	for (const [key, value] of Object.entries(balance)) {
		if (typeof value === 'number' || value === null) amounts[key] = value;
	}
	return amounts;
}

function changeBetween(current: Amounts, previous: Amounts): Amounts {
	const change: Amounts = {};
	for (const [key, now] of Object.entries(current)) {
		const before = previous[key];
		change[key] = typeof now === 'number' && typeof before === 'number' ? sumAmounts(now, -before) : null;
	}
	return change;
}

/** Whether the available balance is on the alerting side of the threshold. */
function beyond(event: EventName, threshold: number, available: number): boolean {
	return event === 'fellBelow' ? available < threshold : available > threshold;
}

function eventHolds(event: EventName, threshold: number, current: Amounts, previous?: Amounts): boolean {
	if (event === 'balanceChanged') {
		return previous === undefined || Object.keys(current).some((key) => current[key] !== previous[key]);
	}
	const now = current[AVAILABLE] as number;
	if (!beyond(event, threshold, now)) return false;
	const before = previous?.[AVAILABLE];
	return previous === undefined || typeof before !== 'number' || !beyond(event, threshold, before);
}

/** The memory of the last check, as stored by this version or the first one (amounts only). */
function readMemory(staticData: IDataObject): { seen: SeenBalance; token: unknown } | undefined {
	const stored = staticData[MEMORY_KEY];
	if (!isJsonObject(stored)) return undefined;
	const object = stored;
	const seen: SeenBalance = {
		...object,
		currency: typeof object[CURRENCY] === 'string' ? (object[CURRENCY] as string) : LEGACY_CURRENCY,
		checkedAt: typeof object[CHECKED_AT] === 'string' ? (object[CHECKED_AT] as string) : null,
	};
	return { seen, token: staticData[TOKEN_KEY] };
}

function possibleRepeatReason(event: EventName, seen: SeenBalance, threshold: number): string {
	const side = event === 'fellBelow' ? 'under' : 'over';
	const back = event === 'fellBelow' ? 'recovered' : 'dropped back';
	const again = event === 'fellBelow' ? 'fallen' : 'risen';
	return (
		`The trigger's memory was read back from n8n's database (n8n restarted, or the workflow was re-activated) and dates from ${seen.checkedAt ?? 'an earlier check'}, ` +
		`when the available balance (${String(seen[AVAILABLE])}) was already ${side} the threshold (${threshold}). ` +
		`n8n does not save the checks in between, so the balance may have ${back} and ${again} again: ` +
		'this alert is sent so that such a crossing is not missed, and may repeat an earlier one.'
	);
}

/**
 * One poll of a balance trigger. The last seen balance is kept in the workflow's static
 * data; a failed check throws the provider's error and leaves it as it was. The first check
 * only records it, unless Fire on First Check is on. A manual "Fetch test event" returns the
 * current balance and records nothing.
 */
export async function pollBalance(
	this: IPollFunctions,
	api: BalanceApi,
): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const event = this.getNodeParameter('event') as EventName;
	// Read before any request: a threshold that is not a number fails activation and every poll.
	const threshold =
		event === 'balanceChanged' ? 0 : readThreshold(this.getNodeParameter('threshold', 0), node);
	const fireOnFirstCheck = this.getNodeParameter('fireOnFirstCheck', false) as boolean;

	const answer = await callProvider(this as unknown as TransportContext, api.provider, (credentials) => ({
		method: api.method,
		url: api.path(credentials),
	}));
	const normalized = api.normalize(answer, { checkedAt: new Date().toISOString() });
	if ('missing' in normalized) {
		throw unreadableFieldError(node, api.provider, normalized.missing);
	}
	const balance = normalized.item as NormalizedBalance;
	const current = amountsOf(balance);

	const staticData = this.getWorkflowStaticData('node');
	const memory = readMemory(staticData);
	const scope = `${this.getWorkflow().id ?? ''}:${node.id}`;
	// A memory without a token (written by the first version) is never this process's own.
	const restored =
		memory !== undefined && (typeof memory.token !== 'string' || writtenTokens.get(scope) !== memory.token);
	const seen = memory?.seen;
	const sameCurrency = seen !== undefined && seen.currency === balance[CURRENCY];
	const previousAmounts = seen ? amountsOf(seen) : undefined;

	let fired: FiredEvent | undefined;
	let repeatReason: string | null = null;
	if (seen === undefined) {
		if (fireOnFirstCheck && eventHolds(event, threshold, current)) fired = event;
	} else if (!sameCurrency) {
		// Never compared across currencies: the change of currency is an event of its own.
		fired = 'currencyChanged';
	} else if (eventHolds(event, threshold, current, previousAmounts)) {
		fired = event;
	} else if (
		restored &&
		event !== 'balanceChanged' &&
		beyond(event, threshold, current[AVAILABLE] as number)
	) {
		fired = event;
		repeatReason = possibleRepeatReason(event, seen, threshold);
	}

	const item: IDataObject = {
		...balance,
		previous: seen ?? null,
		change: sameCurrency && previousAmounts ? changeBetween(current, previousAmounts) : null,
		event: fired ?? (seen !== undefined && !sameCurrency ? 'currencyChanged' : event),
		afterRestart: restored,
		possibleRepeat: repeatReason !== null,
		possibleRepeatReason: repeatReason,
	};
	if (this.getMode() === 'manual') return [[{ json: item }]];

	const token = randomBytes(9).toString('base64url');
	const record: SeenBalance = {
		...current,
		currency: String(balance[CURRENCY]),
		checkedAt: String(balance[CHECKED_AT]),
	};
	staticData[MEMORY_KEY] = record;
	staticData[TOKEN_KEY] = token;
	writtenTokens.set(scope, token);
	return fired ? [[{ json: item }]] : null;
}
