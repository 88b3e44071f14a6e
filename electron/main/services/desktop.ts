import { FileDialogSlot } from '../adapters/file-dialog.port';
import { MemoryClipboard, type ClipboardPort } from '../adapters/clipboard.port';
import { ClipboardService } from './clipboard/clipboard.service';
import { ConnectionService } from './connection/connection.service';
import { PendingReviewFile } from './review/pending-file';
import { ReviewService, type ReviewOptions } from './review/review.service';

/**
 * What the desktop app serves without a directory: offline review of audit exports and the
 * trusted signers (kept by the review service in the user-data folder). Built at start-up before
 * any database or keychain entry exists; nothing here may touch either (docs/architecture.md habit 7).
 */
export interface DesktopServices {
  review: ReviewService;
  /** The one file dialog slot; the app gives the directory's services the same dialog. */
  fileDialog: FileDialogSlot;
  /** The file the app was opened with, until the review page takes it (review:openPending). */
  pendingReview: PendingReviewFile;
  /** Copy through main; secrets are cleared after 60 s. */
  clipboard: ClipboardService;
  /** This computer or a team server: probe, save (team-server.json in the user-data folder), switch. */
  connection: ConnectionService;
}

/** Options of the desktop services: the per-user data folder (trusted signers live there). */
export interface DesktopOptions {
  /** The app's user-data folder; PORTCULLIS_USER_DATA or the platform's folder when not given. */
  userDataDir?: string;
  fileDialog?: FileDialogSlot;
  pendingReview?: PendingReviewFile;
  /** The system clipboard (the app passes Electron's); an in-memory one when not given (tests). */
  clipboard?: ClipboardPort;
  /** Tests: the review's temporary folders and worker. */
  review?: Omit<ReviewOptions, 'dataDir'>;
}

/** The desktop services graph; constructors only, no side effects (no file is created here). */
export function buildDesktopServices(o: DesktopOptions = {}): DesktopServices {
  const fileDialog = o.fileDialog ?? new FileDialogSlot();
  return {
    review: new ReviewService({
      ...o.review,
      ...(o.userDataDir === undefined ? {} : { dataDir: o.userDataDir }),
    }),
    fileDialog,
    pendingReview: o.pendingReview ?? new PendingReviewFile(),
    clipboard: new ClipboardService(o.clipboard ?? new MemoryClipboard()),
    // Only a folder given here is written to: without one, saving a connection is refused.
    connection: new ConnectionService({
      fileDialog,
      ...(o.userDataDir === undefined ? {} : { userDataDir: o.userDataDir }),
    }),
  };
}
