using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Storage;

namespace TutorBot.Features.Approvals;

/// <summary>Logo approvals (BAT, issue 14): requests, decisions in Teams, grants, the send-time check's API and the audit log.</summary>
public static class ApprovalsExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddTables(ApprovalStore.Table, AuditLog.Table);
        services.AddContainers(ApprovalStore.DraftContainer);
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section)
            .Validate(o => o.DraftMaxBytes > 0 && o.ReminderDelay > TimeSpan.Zero && o.MaxPeriod > TimeSpan.Zero, "Approvals:* must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<BatDrafts>();
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
        return routes;
    }
}
