using System.Text.Json;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Schema;

namespace TutorBot.Tests.Infrastructure;

/// <summary>Activities shaped as Teams sends them, from a person of the demo data.</summary>
public static class Activities
{
    public static Activity Message(string serviceUrl, Person from, string text, string locale = "fr-FR") =>
        Base(serviceUrl, from, locale) with { Type = ActivityTypes.Message, Text = text };

    public static Activity CardAction(string serviceUrl, Person from, string replyToId, string verb, IDictionary<string, string> data, string locale = "fr-FR") =>
        Base(serviceUrl, from, locale) with
        {
            Type = ActivityTypes.Invoke,
            Name = InvokeNames.AdaptiveCardAction,
            ReplyToId = replyToId,
            Value = JsonSerializer.SerializeToElement(new
            {
                action = new { type = "Action.Execute", id = "", verb, data },
                trigger = "manual",
            }),
        };

    public static Activity Installed(string serviceUrl, Person from, string locale = "fr-FR") =>
        Base(serviceUrl, from, locale) with { Type = ActivityTypes.InstallationUpdate, Action = "add" };

    public static string ConversationIdOf(Person person) => "a:personal-" + person.Id;

    private static Activity Base(string serviceUrl, Person from, string locale) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = Channels.MsTeams,
        ServiceUrl = serviceUrl,
        Timestamp = DateTimeOffset.UtcNow,
        Locale = locale,
        From = new ChannelAccount { Id = from.TeamsUserId, Name = from.DisplayName, AadObjectId = from.AadObjectId },
        Recipient = new ChannelAccount { Id = "28:" + BotApplication.AppId, Name = "TutorBot" },
        Conversation = new ConversationAccount { Id = ConversationIdOf(from), ConversationType = "personal", TenantId = from.TenantId },
        ChannelData = new TeamsChannelData { Tenant = new TenantInfo(from.TenantId) },
    };
}
