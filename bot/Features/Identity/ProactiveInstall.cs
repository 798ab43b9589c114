using System.Text.Json;
using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Features.Roster;
using TutorBot.Protocol;

namespace TutorBot.Features.Identity;

/// <summary>
/// Plans the app's proactive installation (<see cref="InstallHandler"/>) for people an import adds, when
/// <c>Roster:ProactiveInstall</c> is on. Planned before the people are written: a row whose person never got
/// written finds nobody and is dropped; a row planned twice is the same row (keyed by the person).
/// </summary>
public sealed class ProactiveInstall(OutboxStore outbox, IOptions<RosterOptions> options, IOptions<BotOptions> bot, TimeProvider clock)
{
    public const string Kind = "identity.install";

    public bool Enabled => options.Value.ProactiveInstall;

    public async Task PlanAsync(IEnumerable<RosterPerson> added, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var rows = added.Where(p => p.Active).Select(p => OutboxRow.Create(
            Kind,
            "install/" + p.Id,
            now,
            bot.Value.TenantId,
            p.Id,
            JsonSerializer.Serialize(new InstallPayload(RosterKeys.PartitionOf(p), p.Id)),
            group: "install")).ToList();
        if (rows.Count > 0)
        {
            await outbox.PlanAsync(rows, cancellationToken);
        }
    }
}

/// <summary>Which roster row an installation is for (ids only).</summary>
public sealed record InstallPayload(string Partition, string PersonId);
