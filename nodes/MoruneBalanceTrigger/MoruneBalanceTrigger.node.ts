import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { morune, moruneBalanceApi } from '../Morune/provider';
import {
	BALANCE_TRIGGER_SUBTITLE,
	balanceTriggerProperties,
	pollBalance,
} from '../shared/balanceTrigger';

export class MoruneBalanceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Morune Balance Trigger',
		name: 'moruneBalanceTrigger',
		icon: { light: 'file:../Morune/morune.svg', dark: 'file:../Morune/morune.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: BALANCE_TRIGGER_SUBTITLE,
		description: 'Starts the workflow when the morune balance changes or crosses a threshold',
		defaults: { name: 'Morune Balance Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'moruneApi', required: true }],
		properties: balanceTriggerProperties(morune),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollBalance.call(this, moruneBalanceApi);
	}
}
