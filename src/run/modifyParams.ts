import * as vscode from 'vscode';
import type { Experiment } from '../model/types';
import type { VscodeExperimentPicker } from '../vscode/experimentPicker';
import type { ParamEdit } from './overrides';
import { buildOverrides, editText, paramTargets } from './overrides';

/** The param input that is showing, for integration tests to type into as a user would. */
export interface ParamInputs {
	readonly current: vscode.InputBox | undefined;
	readonly onDidShow: vscode.Event<vscode.InputBox>;
}

/**
 * Asks which params to change (a multi-pick of the experiment's params with their values), then
 * one input per picked param, pre-filled with the experiment's value. Undefined when cancelled.
 * `workspace` holds the values `dvc exp run` starts from, so only real changes become `-S`.
 */
export class ParamEditor implements ParamInputs, vscode.Disposable {
	private shown: vscode.InputBox | undefined;
	private readonly showEmitter = new vscode.EventEmitter<vscode.InputBox>();
	readonly onDidShow = this.showEmitter.event;

	constructor(private readonly picker: VscodeExperimentPicker) {}

	get current(): vscode.InputBox | undefined {
		return this.shown;
	}

	async ask(exp: Experiment, workspace: Experiment | undefined): Promise<ParamEdit[] | undefined> {
		const targets = paramTargets(exp.params);
		const picked = await this.picker.choose(
			targets.map((t) => ({ label: t.key, description: `${t.file} = ${editText(t.value)}`, target: t })),
			{ many: true, title: `Modify params of ${exp.name}`, placeHolder: 'Params to change' },
		);
		if (!picked || picked.length === 0) {
			return undefined;
		}
		const edits: ParamEdit[] = [];
		for (const [i, { target }] of picked.entries()) {
			const base = workspace?.params[target.file]?.[target.key];
			const edit = { file: target.file, key: target.key, current: target.value, base };
			const text = await this.input({
				title: `${target.file}: ${target.key} (${i + 1}/${picked.length})`,
				prompt:
					typeof target.value === 'string'
						? 'Text value'
						: 'Value: a number, true/false, null, [list] or {dict}; anything else is text',
				value: editText(target.value),
				validate: (t) => overrideError({ ...edit, text: t }),
			});
			if (text === undefined) {
				return undefined;
			}
			edits.push({ ...edit, text });
		}
		return edits;
	}

	private input(o: {
		title: string;
		prompt: string;
		value: string;
		validate: (t: string) => string | undefined;
	}): Promise<string | undefined> {
		const box = vscode.window.createInputBox();
		Object.assign(box, { title: o.title, prompt: o.prompt, value: o.value, ignoreFocusOut: true });
		return new Promise((resolve) => {
			let result: string | undefined;
			box.onDidChangeValue((t) => (box.validationMessage = o.validate(t)));
			box.onDidAccept(() => {
				if (!o.validate(box.value)) {
					result = box.value;
					box.hide();
				}
			});
			box.onDidHide(() => {
				this.shown = undefined;
				box.dispose();
				resolve(result);
			});
			box.show();
			this.shown = box;
			this.showEmitter.fire(box);
		});
	}

	dispose(): void {
		this.shown?.dispose();
		this.showEmitter.dispose();
	}
}

function overrideError(edit: ParamEdit): string | undefined {
	try {
		buildOverrides([edit]);
		return undefined;
	} catch (err) {
		return err instanceof Error ? err.message : String(err);
	}
}
