import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { aaio, aaioBalanceApi } from '../Aaio/provider';
import {
	BALANCE_TRIGGER_SUBTITLE,
	balanceTriggerProperties,
	pollBalance,
} from '../shared/balanceTrigger';

export class AaioBalanceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aaio Balance Trigger',
		name: 'aaioBalanceTrigger',
		icon: { light: 'file:../Aaio/aaio.svg', dark: 'file:../Aaio/aaio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: BALANCE_TRIGGER_SUBTITLE,
		description: 'Starts the workflow when the aaio balance changes or crosses a threshold',
		defaults: { name: 'Aaio Balance Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aaioApi', required: true }],
		properties: balanceTriggerProperties(aaio),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollBalance.call(this, aaioBalanceApi);
	}
}
