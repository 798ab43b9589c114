using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TutorBot.Features.Roster;

/// <summary>
/// The programme's standing data, from the two agreements in shared/seeds: the organisations with their
/// correspondents, the agreements, and the coordinators named in settings. Written once; later edits stay.
/// </summary>
public sealed class RosterSeeder(RosterPlaces places, RosterStore people, IOptions<RosterOptions> options) : IHostedService
{
    public static readonly RosterOrganisation[] Organisations =
    [
        new(RosterValidator.AssociationId, "Passeport Avenir", OrganisationKinds.Association, "Sébastien Lailheugue"),
        new("ups", "Union des Professeurs de classes préparatoires Scientifiques (UPS)", OrganisationKinds.TeachersUnion, "Sonia Najid"),
        new("academie-aix-marseille", "Académie d'Aix-Marseille", OrganisationKinds.EducationAuthority),
    ];

    public static readonly RosterAgreement[] Agreements =
    [
        // "prend effet dès la signature ... pour une durée de trois ans, renouvelable par accord tacite" — Paris,
        // 30 September 2016. The text names no renewal length nor notice: renewal is taken as another three years.
        new("ups-passeport-avenir-2016", "Protocole d'accord UPS × Passeport Avenir", ["ups", RosterValidator.AssociationId], new DateOnly(2016, 9, 30), 3, 3, null),

        // "trois ans à compter de sa signature ... renouvelée ensuite chaque année, par tacite reconduction ...
        // préavis de trois mois avant le terme". The copy in seeds leaves the date of signature blank.
        new("aix-marseille-passeport-avenir", "Convention de partenariat Académie d'Aix-Marseille × Passeport Avenir", ["academie-aix-marseille", RosterValidator.AssociationId], null, 3, 1, 3),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entity in Organisations.Select(RosterEntities.Organisation).Concat(Agreements.Select(RosterEntities.Agreement)))
        {
            await AddIfMissingAsync(places.Table, entity, cancellationToken);
        }

        foreach (var login in options.Value.Coordinators.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var name = login.Split('@')[0];
            var person = new RosterPerson(RosterKeys.NewPersonId(login), RosterKinds.Coordinator, name, "", RosterKeys.NormaliseLogin(login), OrganisationId: RosterValidator.AssociationId);
            await AddIfMissingAsync(people.Index, RosterEntities.LoginIndex(person), cancellationToken);
            await AddIfMissingAsync(people.Index, RosterEntities.NameIndex(person), cancellationToken);
            await AddIfMissingAsync(people.People, RosterEntities.Person(person), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task AddIfMissingAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already there, perhaps edited since: keep it.
        }
    }
}
