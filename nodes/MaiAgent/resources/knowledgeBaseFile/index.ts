import type { Resource } from '../../helpers/interfaces';
import * as deleteFile from './delete';
import * as deleteMany from './deleteMany';
import * as findChanges from './findChanges';
import * as get from './get';
import * as getAll from './getAll';
import * as reparse from './reparse';
import * as sync from './sync';
import * as updateMetadata from './updateMetadata';
import * as upload from './upload';

export const knowledgeBaseFile: Resource = {
	name: 'Knowledge Base File',
	value: 'knowledgeBaseFile',
	operations: [
		upload,
		deleteFile,
		deleteMany,
		findChanges,
		get,
		getAll,
		reparse,
		sync,
		updateMetadata,
	],
};
