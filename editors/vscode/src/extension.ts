// The Gradus extension: starts `gradus server` (setting `gradus.path`, else
// `gradus` on PATH) through vscode-languageclient and forwards the settings.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

/** The server settings, sent as `initializationOptions` and on change. */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("gradus");
  return {
    gradus: {
      diagnosticMode: config.get<string>("diagnosticMode", "openFilesOnly"),
      inlayHints: {
        variableTypes: config.get<boolean>("inlayHints.variableTypes", true),
        returnTypes: config.get<boolean>("inlayHints.returnTypes", true),
      },
      // Only a trusted workspace may make the server ask a Python
      // interpreter for its sys.path.
      trusted: vscode.workspace.isTrusted,
    },
  };
}

function binaryPath(): string {
  const configured = vscode.workspace.getConfiguration("gradus").get<string>("path", "");
  return configured.trim() !== "" ? configured : "gradus";
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  output ??= vscode.window.createOutputChannel("Gradus");
  const command = binaryPath();
  const serverOptions: ServerOptions = {
    command,
    args: ["server"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
    ],
    outputChannel: output,
    initializationOptions: serverSettings(),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{*.py,*.pyi,gradus.toml,pyproject.toml}",
      ),
    },
  };
  client = new LanguageClient("gradus", "Gradus", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`Failed to start ${command} server: ${String(error)}`);
    vscode.window.showErrorMessage(
      `Gradus: cannot start \`${command} server\`. Set "gradus.path" or put gradus on PATH.`,
    );
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop().catch(() => undefined);
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("gradus.restart", () => restart(context)),
    vscode.commands.registerCommand("gradus.showLogs", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("gradus")) {
        return;
      }
      if (event.affectsConfiguration("gradus.path")) {
        restart(context);
      } else {
        client?.sendNotification("workspace/didChangeConfiguration", {
          settings: serverSettings(),
        });
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
