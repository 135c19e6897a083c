/** Every bench case, registered by importing its file. */
import './inventory.bench';
import './repairs.bench';
import './shipments.bench';
import './projection.bench';
