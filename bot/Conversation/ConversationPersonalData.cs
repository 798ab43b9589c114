using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Conversation;

/// <summary>The person's Teams conversation reference, its welcomed row and any uninstall marker.</summary>
public sealed class ConversationPersonalData(Tables tables, ConversationStore store) : IPersonalData
{
    public string Name => "conversation";

    // After the features that may still read the reference to find their rows, before the profile.
    public int Order => 80;

    private TableClient Table => tables[Tables.Conversations];

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.TenantId is null || subject.ObjectId is null)
        {
            return null;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(ConversationStore.Key(subject.TenantId), ConversationStore.Key(subject.ObjectId), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }

        return new JsonObject
        {
            ["serviceUrl"] = e.GetString("ServiceUrl"),
            ["conversationId"] = e.GetString("ConversationId"),
            ["teamsUserId"] = e.GetString("UserId"),
            ["locale"] = e.GetString("Locale"),
            ["language"] = e.GetString("Language"),
        };
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.TenantId is null || subject.ObjectId is null)
        {
            return;
        }

        await store.ForgetAsync(subject.TenantId, subject.ObjectId, cancellationToken);
    }
}
