using System.Globalization;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>
/// The long follow-up: once a year (1 June, 10:00 Paris) the tutor of an active pair gets a card asking the
/// student's path this year; the answer, or a coordinator's entry on the page, is one row per student and year.
/// </summary>
public sealed class PairingFollowUps(PairingStore store, PairingCards cards, OutboxStore outbox, TimeProvider clock)
{
    /// <summary>The next yearly ask after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextAsk(DateTimeOffset now)
    {
        var paris = Culture.ToParis(now);
        var year = paris.Month < 6 ? paris.Year : paris.Year + 1;
        return Culture.FromParis(new DateOnly(year, 6, 1), new TimeOnly(10, 0)) ?? now.AddYears(1);
    }

    /// <summary>The tutor's answer from the card: only the pair's stored tutor may give it.</summary>
    public async Task<CardActionResult> FromCardAsync(Person person, Pair pair, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (person.Id != pair.TutorId || !pair.IsActive)
        {
            return CardActionResult.Replace(cards.Notice("FollowUp_NotYours"));
        }

        var now = clock.GetUtcNow();
        var year = int.TryParse(request.Get(PairingCards.Inputs.Year), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
        var followUp = new FollowUp(
            pair.StudentId,
            year,
            request.Get(PairingCards.Inputs.Class),
            request.Get(PairingCards.Inputs.School),
            request.Get(PairingCards.Inputs.Degree),
            request.Get(PairingCards.Inputs.Graduated) == "true",
            request.Get(PairingCards.Inputs.FirstJob),
            person.Id,
            now);
        var problems = followUp.Problems(now);
        if (problems.Count > 0)
        {
            return CardActionResult.Replace(cards.FollowUpForm(pair, year, "", followUp, "FollowUp_Invalid", string.Join(", ", problems)));
        }

        if (followUp.Graduated)
        {
            await outbox.PlanAsync(AlumniRows.Offer(pair.SchoolUai, pair.StudentId, person.TenantId, now), cancellationToken);
        }

        await store.SaveFollowUpAsync(pair.SchoolUai, followUp, cancellationToken);
        return CardActionResult.Replace(cards.Notice("FollowUp_Saved", $"{year}–{year + 1}"));
    }
}

/// <summary>The yearly follow-up card to the tutor; it plans next year's while the pair lasts.</summary>
public sealed class FollowUpHandler(PairingStore store, RosterStore roster, PairingCards cards, PairingMessenger messenger, OutboxStore outbox, TimeProvider clock) : IOutboxHandler
{
    public string Kind => PairingRowKinds.FollowUp;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var (pair, outcome) = await PairingParties.PairOfAsync(store, row, clock, cancellationToken);
        if (pair is null || !pair.IsActive)
        {
            return outcome ?? DeliveryOutcome.Dropped("pair ended");
        }

        var year = PairingRowPayload.Of(row).Year ?? FollowUp.SchoolYear(Culture.ToParis(row.DueUtc));
        await outbox.PlanAsync(PairingRows.FollowUp(pair, year + 1, PairingFollowUps.NextAsk(row.DueUtc.AddDays(1))), cancellationToken);
        var student = (await roster.GetAsync(RosterKeys.SchoolPartition(pair.SchoolUai), pair.StudentId, cancellationToken))?.Person;
        var current = (await store.FollowUpsAsync(pair.SchoolUai, pair.StudentId, cancellationToken)).FirstOrDefault(f => f.Year == year);
        return await messenger.SendOnceAsync(row, pair.TutorId, pair.TutorId, () => cards.FollowUpForm(pair, year, student?.DisplayName ?? "", current), cancellationToken);
    }
}
