import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { sumAmounts } from './balance';
import type { BalanceApi, NormalizedBalance } from './balance';
import { unreadableFieldError } from './errors';
import type { Provider } from './provider';
import { callProvider } from './transport';
import type { TransportContext } from './transport';


type BalanceEvent = 'balanceChanged' | 'fellBelow' | 'roseAbove';

const AMOUNTS = ['available', 'frozen', 'referral', 'total'] as const;
type Amounts = Record<(typeof AMOUNTS)[number], number | null>;

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
			description: `The available ${provider.name} balance, in RUB, to compare with`,
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

function amountsOf(balance: NormalizedBalance): Amounts {
	return {
		available: balance.available,
		frozen: balance.frozen,
		referral: balance.referral,
		total: balance.total,
	};
}

function changeBetween(current: Amounts, previous: Amounts): Amounts {
	const change = {} as Amounts;
	for (const key of AMOUNTS) {
		const now = current[key];
		const before = previous[key];
		change[key] = now === null || before === null ? null : sumAmounts(now, -before);
	}
	return change;
}

function eventHolds(event: BalanceEvent, threshold: number, current: Amounts, previous?: Amounts) {
	const available = current.available as number;
	if (event === 'fellBelow') {
		return available < threshold && (previous === undefined || (previous.available as number) >= threshold);
	}
	if (event === 'roseAbove') {
		return available > threshold && (previous === undefined || (previous.available as number) <= threshold);
	}
	return previous === undefined || AMOUNTS.some((key) => current[key] !== previous[key]);
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
	const answer = await callProvider(this as unknown as TransportContext, api.provider, (credentials) => ({
		method: api.method,
		url: api.path(credentials),
	}));
	const normalized = api.normalize(answer, { checkedAt: new Date().toISOString() });
	if ('missing' in normalized) {
		throw unreadableFieldError(this.getNode(), api.provider, normalized.missing);
	}
	const balance = normalized.item as NormalizedBalance;
	const current = amountsOf(balance);

	const staticData = this.getWorkflowStaticData('node');
	const previous = staticData.lastBalance as Amounts | undefined;
	const item: IDataObject = {
		...balance,
		previous: previous ?? null,
		change: previous ? changeBetween(current, previous) : null,
	};
	if (this.getMode() === 'manual') return [[{ json: item }]];

	staticData.lastBalance = current;
	const event = this.getNodeParameter('event') as BalanceEvent;
	const threshold = this.getNodeParameter('threshold', 0) as number;
	const fireOnFirstCheck = this.getNodeParameter('fireOnFirstCheck', false) as boolean;
	const fires =
		previous === undefined
			? fireOnFirstCheck && eventHolds(event, threshold, current)
			: eventHolds(event, threshold, current, previous);
	return fires ? [[{ json: item }]] : null;
}
