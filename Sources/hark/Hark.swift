import ArgumentParser

@main
struct Hark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hark",
        abstract: "Hark: a terminal call-review desk for QA supervisors.",
        subcommands: [
            TUICommand.self,
            ImportCommand.self,
            CallsCommand.self,
            SearchCommand.self,
            WorkCommand.self,
            WatchCommand.self,
            ModelsCommand.self,
            StatsCommand.self,
            ReportCommand.self,
            DictCommand.self,
            FormsCommand.self,
            CoachCommand.self,
            WhatIfCommand.self,
            Doctor.self,
            ConfigCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )
}
