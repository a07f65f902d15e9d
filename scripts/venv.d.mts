export declare const ROOT: string;
export declare const VENV_DIR: string;
export declare const PINS: string[];
export declare function ensureVenv(opts?: {
	log?: (message: string) => void;
}): Promise<{ python: string; dvc: string; venv: string | undefined }>;
export declare function venvPath(python: string, basePath?: string): string;
