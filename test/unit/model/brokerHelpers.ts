import { write } from '../git/repoHelpers';

/** A task message as DVC's celery queue (kombu's filesystem transport) writes it. */
export function brokerMessage(stashRev: string, task = 'dvc.repo.experiments.queue.tasks.run_exp'): string {
	const entry = { dvc_root: '/r', scm_root: '/r', stash_ref: 'refs/exps/celery/stash', stash_rev: stashRev };
	const body = Buffer.from(JSON.stringify([[entry], { copy_paths: [] }, {}])).toString('base64');
	return JSON.stringify({
		body,
		'content-encoding': 'utf-8',
		'content-type': 'application/json',
		headers: { task, id: 'x' },
		properties: { body_encoding: 'base64' },
	});
}

export function queueInBroker(dir: string, box: 'in' | 'processed', stashRev: string): void {
	write(dir, `.dvc/tmp/exps/celery/broker/${box}/1_${stashRev.slice(0, 8)}.celery.msg`, brokerMessage(stashRev));
}
