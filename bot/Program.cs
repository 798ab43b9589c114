using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Approvals;
using TutorBot.Features.Identity;
using TutorBot.Features.Legal;
using TutorBot.Features.Pairing;
using TutorBot.Features.Partners;
using TutorBot.Features.Privacy;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Features.SiteVisits;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Waves;
using TutorBot.Features.Welcome;
using TutorBot.Features.Workshops;
using TutorBot.Hosting;
using TutorBot.Protocol;
using TutorBot.Protocol.Auth;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

var builder = WebApplication.CreateBuilder(args);

// Errors answer as RFC 7807 problem details.
builder.Services.AddProblemDetails();
builder.Services.AddLocalization();
// Every feature's strings fall back to the shared words of Resources/Strings.resx.
builder.Services.AddTransient(typeof(Microsoft.Extensions.Localization.IStringLocalizer<>), typeof(TutorBot.Resources.SharedWordsLocalizer<>));
builder.Services.AddSingleton(TimeProvider.System);

// Traces, metrics and logs through OpenTelemetry (Application Insights in Azure).
builder.AddTelemetry();

// The Bot Framework protocol: inbound JWT checks, the connector client and its Polly pipeline.
builder.Services.AddBotProtocol(builder.Configuration, builder.Environment);

// State: Azure Table Storage and Storage queues (Azurite locally), created before traffic.
builder.Services.AddStorage();

// The one way out: the outbox, its worker and the limiter shared by all instances.
builder.Services.AddDelivery();

// Turn dispatch: who is speaking, in which language, and which command or card action answers.
builder.Services.AddConversation();

// Features.
builder.Services.AddWelcome();
builder.Services.AddCalendar();
builder.Services.AddProgramme();
builder.Services.AddTutoring();
builder.Services.AddWorkshops();
builder.Services.AddSiteVisits();
builder.Services.AddRoster(builder.Environment);
builder.Services.AddIdentity();
builder.Services.AddPartners();
builder.Services.AddApprovals();
builder.Services.AddPairing();
builder.Services.AddWaves();

// Export, erasure and retention of personal data across every store.
builder.Services.AddPrivacy();

// The local run's demo data and page (Development).
builder.Services.AddDemo();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapBotMessages();
app.MapHealth();
app.MapLegal();
app.MapCalendar();
app.MapDemo();
app.MapComposeDemo();
app.MapRoster();
app.MapCoordinatorPage();
app.MapPartners();
app.MapApprovals();
app.MapPairing();
app.MapWaves();
app.MapPrivacy();
app.MapAddinFiles();

app.Run();

public partial class Program;
