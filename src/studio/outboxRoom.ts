/**
 * Room accounting of the Studio outbox: the size limit, the overflow policy and the enqueues waiting
 * for room under policy block. Kept apart from delivery so the limit logic reads in one place.
 */
import type { OutboxLimits } from './outboxTypes';

export class RoomGate {
	private readonly waiters: (() => void)[] = [];

	constructor(public limits: OutboxLimits) {}

	/** Enqueues currently waiting for room. */
	get blocked(): number {
		return this.waiters.length;
	}

	setLimits(limits: Partial<OutboxLimits>): void {
		this.limits = {
			maxEvents: Math.max(1, Math.floor(limits.maxEvents ?? this.limits.maxEvents)),
			overflow: limits.overflow ?? this.limits.overflow,
		};
	}

	hasRoom(pending: number): boolean {
		return pending < this.limits.maxEvents;
	}

	wait(pending: number): Promise<void> {
		return this.hasRoom(pending) ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Wakes one waiter per free slot, in order; all of them once closed or when the policy no longer blocks. */
	notify(pending: number, disposed: boolean): void {
		let free = disposed ? Infinity : this.limits.maxEvents - pending;
		if (this.limits.overflow !== 'block') {
			free = Infinity;
		}
		while (free-- > 0 && this.waiters.length > 0) {
			this.waiters.shift()?.();
		}
	}

	releaseAll(): void {
		this.waiters.splice(0).forEach((resolve) => resolve());
	}

	fullReason(): string {
		const waiting = this.limits.overflow === 'block' ? ': waiting for room' : '';
		return `The Studio outbox is full (${this.limits.maxEvents} events)${waiting}.`;
	}
}
