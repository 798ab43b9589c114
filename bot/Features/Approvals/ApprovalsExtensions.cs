using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Approvals;

/// <summary>Logo approvals (BAT, issue 14): requests, decisions in Teams, grants, the send-time check's API and the audit log.</summary>
public static class ApprovalsExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddTable(ApprovalStore.Table, new(
            "request rows: RequesterId, RequesterPartition, DecidedBy (person ids), Comment (free text typed by the partner's correspondent); grant rows: RevokedBy; use rows: PersonId, PersonPartition",
            "requests and grants until three years after their period ends (proof of approval); use rows until the grant ends plus 30 days",
            "replace the person's ids by an anonymous id on requests and grants, clear Comment on requests they decided, delete their use rows"));
        services.AddTable(AuditLog.Table, new(
            "ActorId (person id); no names, texts or subjects (subject hashes only)",
            "the agreement's term plus three years, for the whole chain",
            "none: the chain is append-only and the actor id stops resolving once the person is erased"));
        services.AddContainer(ApprovalStore.DraftContainer, new(
            "the BAT draft (message HTML, image or PDF) may name people",
            "as long as its request",
            "drafts are a partner's communication, kept as the proof of the approval they carry"));
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section)
            .Validate(o => o.DraftMaxBytes > 0 && o.ReminderDelay > TimeSpan.Zero && o.MaxPeriod > TimeSpan.Zero && o.DraftLinkLifetime > TimeSpan.Zero, "Approvals:* must be positive.")
            .Validate(o => o.PreviewMaxChars is >= 0 and <= 30_000, "Approvals:PreviewMaxChars must be between 0 (no preview) and 30000: the card must stay under 80 KB.")
            .ValidateOnStart();
        services.AddSingleton<ApprovalStore>();
        services.AddPersonalData<ApprovalsPersonalData>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<BatDrafts>();
        services.AddSingleton<DraftLinks>();
        services.AddSingleton<BatDecider>();
        services.AddSingleton<ApprovalMessenger>();
        services.AddSingleton<IOutboxHandler, DecisionCardHandler>();
        services.AddSingleton<IOutboxHandler, ReminderHandler>();
        services.AddSingleton<IOutboxHandler, AnswerHandler>();
        services.AddSingleton<IOutboxHandler, DecisionAuditHandler>();
        services.AddSingleton<IOutboxHandler, ExpiryHandler>();
        services.AddSingleton<IOutboxHandler, RevokedHandler>();
        services.AddScoped<ICardActionHandler, ApprovalActions>();
        return services;
    }

    public static IEndpointRouteBuilder MapApprovals(this IEndpointRouteBuilder routes)
    {
        routes.MapApprovalsApi();
        routes.MapSendCheckApi();
        routes.MapAuditApi();
        routes.MapDraftLinks();
        return routes;
    }
}
