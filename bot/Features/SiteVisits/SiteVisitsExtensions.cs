using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

public static class SiteVisitsExtensions
{
    /// <summary>Company site visits: offered by partner employees, matched by coordinators, booked in the host's calendar.</summary>
    public static IServiceCollection AddSiteVisits(this IServiceCollection services)
    {
        services.AddSingleton<VisitCards>();
        services.AddSingleton<VisitCalendar>();
        services.AddSingleton<VisitHosts>();
        services.AddSingleton<IIcsSource, VisitIcsSource>();
        services.AddSingleton<IAttendeeRows, VisitAttendeeRows>();
        services.AddSingleton<IOutboxHandler, VisitOfferedHandler>();
        services.AddSingleton<IOutboxHandler, MatchRequestHandler>();
        services.AddSingleton<IOutboxHandler, VisitCalendarHandler>();
        services.AddSingleton<IOutboxHandler, VisitCalendarFailedHandler>();
        services.AddScoped<ICardActionHandler, VisitActions>();
        services.AddScoped<IMessageCommand, OfferVisitCommand>();
        services.AddScoped<IMessageCommand>(sp => WorkshopsExtensions.List(sp, ["visites", "visits"], "Help_Visits", WorkshopListCommand.Visits));
        return services;
    }
}
