import * as vscode from 'vscode';

/**
 * The questions and notices of actions that change things (confirmations, names, results), in one
 * adapter. The integration tests answer through `answer()` — the same code path a user's click
 * takes, minus the modal dialog a test cannot click — and read back what was asked and shown.
 */
export interface AskedPrompt {
	kind: 'confirm' | 'input' | 'info' | 'warning' | 'error';
	message: string;
	detail?: string;
}

type Answer = boolean | string | undefined;

export class Prompts {
	private readonly scripted: Answer[] = [];
	/** Everything asked or shown, newest last (kept short; tests read it). */
	readonly asked: AskedPrompt[] = [];

	constructor(private readonly testing = false) {}

	/** Tests only: the answers the next prompts get (true/false confirms, a string or undefined for inputs). */
	answer(...answers: Answer[]): void {
		if (!this.testing) {
			throw new Error('Prompts.answer is for tests (RUNLENS_TEST=1)');
		}
		this.scripted.push(...answers);
	}

	private record(p: AskedPrompt): void {
		this.asked.push(p);
		if (this.asked.length > 50) {
			this.asked.shift();
		}
	}

	async confirm(message: string, detail: string, action: string): Promise<boolean> {
		this.record({ kind: 'confirm', message, detail });
		if (this.scripted.length > 0) {
			return this.scripted.shift() === true;
		}
		const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
		return picked === action;
	}

	async input(options: vscode.InputBoxOptions & { title: string }): Promise<string | undefined> {
		this.record({ kind: 'input', message: options.title, detail: options.prompt });
		if (this.scripted.length > 0) {
			const value = this.scripted.shift();
			if (typeof value !== 'string') {
				return undefined;
			}
			// A scripted answer meets the same validation the input box would apply.
			const problem = await options.validateInput?.(value);
			if (problem) {
				throw new Error(`input "${value}" rejected: ${typeof problem === 'string' ? problem : problem.message}`);
			}
			return value;
		}
		return vscode.window.showInputBox(options);
	}

	info(message: string): void {
		this.record({ kind: 'info', message });
		void vscode.window.showInformationMessage(message);
	}

	warning(message: string, detail?: string): void {
		this.record({ kind: 'warning', message, detail });
		void vscode.window.showWarningMessage(detail ? `${message} ${detail}` : message);
	}

	error(message: string): void {
		this.record({ kind: 'error', message });
		void vscode.window.showErrorMessage(message);
	}
}
