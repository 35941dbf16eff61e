/**
 * The sandbox's "LLM": a deterministic reply (Traditional Chinese with the question echoed) quoting
 * the passages the assistant picked (assistant.cts), the citations of their files, and the
 * evaluation scores of the resulting chat record. The same chatbot, question and knowledge always
 * give the same reply.
 */
import type { Chatbot, Citation, CitationNode, KnowledgeFile, Scores } from './store.cts';
import * as random from './random.cts';

export interface Reply {
	content: string;
	citations: Citation[];
	citationNodes: CitationNode[];
	/** The retrieved reference text (a chat record's `context`). */
	context: string;
}

/** The parser a citation names. */
export const PARSER_OF_CITATIONS: Citation['parser'] = {
	id: 'a3f1c2d4-0000-4000-8000-00000000a001',
	name: 'MaiAgent Parser',
	provider: 'maiagent',
	priority: 1,
};

const OPENINGS = ['您好！', '感謝您的提問。', '了解您的需求。'];
const CLOSINGS = [
	'如需進一步協助，歡迎隨時詢問。',
	'希望以上資訊對您有幫助。',
	'若還有其他問題，請告訴我。',
];

/**
 * A passage a reply quotes: a paragraph of a knowledge file, or an FAQ's answer. The assistant
 * (assistant.cts) picks the passages that match the question from the knowledge it has.
 */
export interface Passage {
	id: string;
	text: string;
	updatedAt: string;
	/** How the reply names where it comes from: 《file name》, or 常見問題「question」. */
	source: string;
	/** The file cited for it (none for an FAQ). */
	file?: Citation;
}

/** Builds the assistant's answer to `question` from the passages chosen for it, citing their files. */
export function composeReply(chatbot: Chatbot, question: string, passages: Passage[]): Reply {
	const h = random.hash(`${chatbot.id}|${question}`);
	const sources = [...new Set(passages.map((p) => p.source))];
	const cited = passages.filter((p) => p.file);
	const content =
		`${OPENINGS[h % OPENINGS.length]}關於「${question.trim() || '您的問題'}」，` +
		`根據${sources.join('與') || '知識庫'}：` +
		`${passages.map((p) => p.text).join('') || '目前沒有相關資料。'}` +
		`${CLOSINGS[(h >>> 8) % CLOSINGS.length]}(Sandbox reply by ${chatbot.name}.)`;
	return {
		content,
		context: passages.map((p) => p.text).join('\n'),
		citations: [...new Map(cited.map((p) => [p.file!.id, p.file!])).values()],
		citationNodes: cited.map((p, i) => {
			const score = 0.95 - i * 0.12 - ((h >>> i) % 7) / 100;
			return {
				chatbotTextNode: {
					id: p.id,
					charactersCount: Array.from(p.text).length,
					hitsCount: 1 + ((h >>> (i + 5)) % 9),
					text: p.text,
					updatedAt: p.updatedAt,
					filename: p.file!.filename,
				},
				score: Number(score.toFixed(4)),
				displayScore: `${Math.round(score * 100)}%`,
			};
		}),
	};
}

/** The paragraphs of the chatbot's own files (its knowledge besides its knowledge bases). */
export function filePassages(
	chatbot: Chatbot,
	fileUrl: (file: KnowledgeFile) => string,
): Passage[][] {
	return chatbot.knowledgeFiles.map((file) =>
		file.nodes.map((node) => ({
			id: node.id,
			text: node.text,
			updatedAt: node.updatedAt,
			source: `《${file.filename}》`,
			file: citation(file, fileUrl(file)),
		})),
	);
}

/**
 * When nothing the assistant knows matches the question: a paragraph of one or two of its files,
 * picked by the question's hash (the same question, the same pick). `files`: their paragraphs.
 */
export function fallbackPassages(
	chatbot: Chatbot,
	question: string,
	files: Passage[][],
): Passage[] {
	const h = random.hash(`${chatbot.id}|${question}`);
	return citedFiles(files, h).map(
		(paragraphs, i) => paragraphs[(h >>> (i + 3)) % paragraphs.length],
	);
}

function citedFiles<T>(files: T[], h: number): T[] {
	if (files.length === 0) return [];
	const first = files[h % files.length];
	const second = files[(h >>> 4) % files.length];
	return second === first || h % 3 === 0 ? [first] : [first, second];
}

function citation(file: KnowledgeFile, url: string): Citation {
	return {
		id: file.id,
		filename: file.filename,
		file: url,
		fileType: file.fileType,
		size: file.size,
		status: 'done',
		labels: [],
		chatbotFileContent: file.chatbotFileContent,
		parser: PARSER_OF_CITATIONS,
		createdAt: file.createdAt,
	};
}

/** Splits text into streaming deltas of a few characters each, never inside a code point. */
export function splitDeltas(text: string, size = 4): string[] {
	const chars = Array.from(text);
	const deltas: string[] = [];
	for (let i = 0; i < chars.length; i += size) deltas.push(chars.slice(i, i + size).join(''));
	return deltas;
}

/** `count` deltas cycling through the reply's own deltas (for huge benchmark streams). */
export function repeatDeltas(text: string, count: number): string[] {
	const base = splitDeltas(text);
	return Array.from({ length: count }, (_, i) => base[i % base.length]);
}

/** Deterministic RAG-evaluation scores; correctness/similarity/recall need ground truth, so some are null. */
export function scoreReply(question: string, answer: string): Scores {
	const h = random.hash(`${question}|${answer}`);
	const score = (shift: number) => Number((0.6 + ((h >>> shift) % 40) / 100).toFixed(2));
	return {
		faithfulnessScore: score(0),
		answerRelevancyScore: score(3),
		contextPrecisionScore: score(6),
		answerCorrectnessScore: h % 2 === 0 ? score(9) : null,
		answerSimilarityScore: h % 2 === 0 ? score(12) : null,
		contextRecallScore: null,
	};
}

/** How the console prints a score ("87%" or "-"). */
export function displayScore(score: number | null): string {
	return score === null ? '-' : `${Math.round(score * 100)}%`;
}
