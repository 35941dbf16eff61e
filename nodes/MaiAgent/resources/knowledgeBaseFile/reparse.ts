import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection, simplifyField } from '../../../shared/descriptions/fields';
import { knowledgeBaseLocator, knowledgeFileLocator } from '../../../shared/descriptions/locators';
import { getId } from '../../../shared/helpers/validate';
import { maiagentApi } from '../../../shared/transport/request';
import { createdFiles, knowledgeBaseId, simplifyFile } from '../../knowledge/common';
import { parserField } from '../../knowledge/fields';
import { checkParser } from '../../knowledge/parsers';
import type { OperationExecute, OperationOption } from '../../helpers/interfaces';
import { readParser } from './fields';

export const option: OperationOption = {
	name: 'Reparse',
	value: 'reparse',
	action: 'Reparse a knowledge base file',
	description: 'Process a file again, e.g. after a failed parse or with another parser',
};

export const properties: INodeProperties[] = [
	knowledgeBaseLocator(),
	knowledgeFileLocator(),
	simplifyField(),
	optionsCollection([parserField]),
];

export const execute: OperationExecute = async function (i, scope) {
	const kb = knowledgeBaseId(this, i);
	const id = getId(this, 'file', 'File', i);
	const parser = readParser(this, i);
	if (parser) await checkParser(this, { parser, itemIndex: i }, scope);
	const answer = await maiagentApi(
		this,
		{
			method: 'PATCH',
			url: `knowledge-bases/${kb}/files/batch-reparse/`,
			// Documented as a bare list of {id, parser}.
			body: [{ id, ...(parser ? { parser } : {}) }] as unknown as IDataObject,
		},
		scope,
	);
	const file = createdFiles(answer).find((entry) => entry.id === id) ?? { id, reparsing: true };
	return file;
};

export const simplify = simplifyFile;
